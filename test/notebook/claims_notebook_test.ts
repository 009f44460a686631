/**
 * A notebook whose claim does not hold fails `deno task notebooks`, which
 * names the notebook and the claim; the same notebook with a claim that holds
 * runs and saves the `✓` line.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO } from "../../tools/_jupyter.ts";
import { outputTexts, readNotebook } from "../../tools/_ipynb.ts";
import { kernelNotebook, runNotebook } from "../_fixtures.ts";

function fixture(holds: boolean): string {
  const claims = pathToFileURL(join(REPO, "lib", "notebook", "claims.ts")).href;
  return kernelNotebook([[
    `import { claim } from "${claims}";`,
    `const epochs = { "batch 4": 3, "batch 1": 7 };`,
    `await claim("batch 4 reaches 80% in fewer epochs than batch 1", {`,
    `  figures: epochs,`,
    `  holds: ${
      holds ? 'epochs["batch 4"] < epochs["batch 1"]' : 'epochs["batch 4"] > epochs["batch 1"]'
    },`,
    `});`,
  ].join("\n")]);
}

const runFixture = (holds: boolean) => runNotebook("01_claim_fixture", fixture(holds));

Deno.test({
  name:
    "deno task notebooks fails on a claim that does not hold, naming the notebook and the claim",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const failed = await runFixture(false);
    try {
      assert.notEqual(failed.code, 0, failed.output);
      assert.match(
        failed.output,
        /A claim does not hold in 01_claim_fixture\.ipynb: ✗ batch 4 reaches 80% in fewer epochs than batch 1 \(batch 4: 3, batch 1: 7\)/,
      );
      assert.match(failed.output, /notebook 01_claim_fixture\.ipynb failed/);
    } finally {
      await Deno.remove(failed.dir, { recursive: true });
    }
    const held = await runFixture(true);
    try {
      assert.equal(held.code, 0, held.output);
      const nb = await readNotebook(held.executed);
      assert.ok(
        outputTexts(nb).some((t) =>
          t.includes("✓ batch 4 reaches 80% in fewer epochs than batch 1 (batch 4: 3, batch 1: 7)")
        ),
        JSON.stringify(outputTexts(nb)),
      );
    } finally {
      await Deno.remove(held.dir, { recursive: true });
    }
  },
});
