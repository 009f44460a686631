/**
 * A notebook whose claim does not hold fails `deno task notebooks`, which
 * names the notebook and the claim; the same notebook with a claim that holds
 * runs and saves the `✓` line.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO, run } from "../tools/_jupyter.ts";
import { outputTexts, readNotebook } from "../tools/_ipynb.ts";

function fixture(holds: boolean): string {
  const claims = pathToFileURL(join(REPO, "lib", "claims.ts")).href;
  const code = [
    `import { claim } from "${claims}";`,
    `const epochs = { "batch 4": 3, "batch 1": 7 };`,
    `await claim("batch 4 reaches 80% in fewer epochs than batch 1", {`,
    `  figures: epochs,`,
    `  holds: ${
      holds ? 'epochs["batch 4"] < epochs["batch 1"]' : 'epochs["batch 4"] > epochs["batch 1"]'
    },`,
    `});`,
  ];
  return JSON.stringify({
    cells: [{
      cell_type: "code",
      execution_count: null,
      id: "claim",
      metadata: {},
      outputs: [],
      source: code.map((line, i) => (i < code.length - 1 ? `${line}\n` : line)),
    }],
    metadata: { kernelspec: { display_name: "Deno", language: "typescript", name: "deno" } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

async function runFixture(holds: boolean) {
  const dir = await Deno.makeTempDir({ prefix: "claims_notebook_" });
  await Deno.mkdir(join(dir, "notebooks"));
  await Deno.writeTextFile(join(dir, "notebooks", "01_claim_fixture.ipynb"), fixture(holds));
  const result = await run([
    Deno.execPath(),
    "task",
    "notebooks",
    "--notebooks",
    join(dir, "notebooks"),
    "--out",
    join(dir, "out"),
  ], { capture: true, quiet: true, env: { NO_COLOR: "1" } });
  return { dir, result, output: result.stdout + result.stderr };
}

Deno.test({
  name:
    "deno task notebooks fails on a claim that does not hold, naming the notebook and the claim",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const failed = await runFixture(false);
    try {
      assert.notEqual(failed.result.code, 0, failed.output);
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
      assert.equal(held.result.code, 0, held.output);
      const nb = await readNotebook(join(held.dir, "out", "01_claim_fixture.ipynb"));
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
