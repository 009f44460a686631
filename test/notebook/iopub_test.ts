/**
 * `published()` (lib/notebook/_iopub.ts), which `flush`, `say`, `show` and
 * `progress().done` wait on: in the real Deno kernel, run by
 * `deno task notebooks`, a cell's output all reaches its own cell even when it
 * is megabytes queued at once; outside the kernel it reports that it cannot
 * tell, without sending anything.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO } from "../../tools/_jupyter.ts";
import { readNotebook } from "../../tools/_ipynb.ts";
import { published } from "../../lib/notebook/_iopub.ts";
import { kernelNotebook, runNotebook } from "../_fixtures.ts";

const CHARTS = 20;

function notebook(): string {
  const lib = (name: string) => pathToFileURL(join(REPO, "lib", "notebook", name)).href;
  const cells = [
    `import { flush, progress, say } from "${lib("progress.ts")}";\n` +
    `import { published } from "${lib("_iopub.ts")}";`,
    // About 2 MB queued at once: more than the kernel published here in the old 50 ms pause.
    `for (let i = 0; i < ${CHARTS}; i++) {\n` +
    `  Deno.jupyter.display({ "image/svg+xml": \`<svg xmlns="http://www.w3.org/2000/svg"><!--chart \${i} \${"x".repeat(100_000)}--></svg>\` }, { raw: true });\n` +
    `}\n` +
    `await flush();`,
    `for (let i = 0; i < 5; i++) console.log(\`line \${i}\`);\nawait flush();`,
    `await say("first", "second");`,
    `const p = progress("fit");\np.update("epoch 1/2");\nawait p.done("done in 0.1 s");`,
    // Said, not returned: a last cell's execute_result can arrive after the kernel reports idle
    // (the race _iopub.ts works around), so nbclient may save the cell without it.
    `const seen = await published(Deno.jupyter);\nawait say(String(seen));`,
  ];
  return kernelNotebook(cells);
}

interface Output {
  output_type: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  metadata?: Record<string, unknown>;
}

const text = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join("") : value ?? "";

Deno.test({
  name: "in the Deno kernel, each cell's output reaches that cell, and the markers show nowhere",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const run = await runNotebook("01_iopub", notebook());
    try {
      assert.equal(run.code, 0, run.output);
      const nb = await readNotebook(run.executed);
      const outputs = nb.cells.map((cell) => (cell.outputs ?? []) as Output[]);

      assert.deepEqual(outputs[0], [], "the imports print nothing");
      const charts = outputs[1].map((o) =>
        /<!--chart (\d+) /.exec(text(o.data?.["image/svg+xml"]))
      );
      assert.deepEqual(
        charts.map((match) => match && Number(match[1])),
        Array.from({ length: CHARTS }, (_, i) => i),
        "all twenty charts, in order, in their own cell",
      );
      const streams = (cell: Output[]) =>
        cell.filter((o) => o.output_type === "stream").map((o) => text(o.text)).join("");
      assert.equal(streams(outputs[2]), "line 0\nline 1\nline 2\nline 3\nline 4\n");
      assert.equal(outputs[2].every((o) => o.output_type === "stream"), true);
      assert.equal(streams(outputs[3]), "first\nsecond\n");
      assert.equal(outputs[4].length, 1, JSON.stringify(outputs[4]));
      assert.match(text(outputs[4][0].data?.["text/plain"]), /done in 0\.1 s/);
      assert.equal(outputs[4][0].metadata?.progress, "done");
      assert.equal(
        streams(outputs[5]),
        "true\n",
        "the kernel's IOPub was subscribed to and the marker came back",
      );
      const saved = await Deno.readTextFile(run.executed);
      assert.doesNotMatch(saved, /flush-[0-9a-f-]{36}/, "no marker in the saved notebook");
    } finally {
      await Deno.remove(run.dir, { recursive: true });
    }
  },
});

Deno.test("published() outside the kernel says it cannot tell, sending nothing", async () => {
  const sent: string[] = [];
  const seen = await published({
    broadcast(msgType) {
      sent.push(msgType);
      return Promise.resolve();
    },
  });
  assert.equal(seen, false);
  assert.deepEqual(sent, []);
});
