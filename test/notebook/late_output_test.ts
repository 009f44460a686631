/**
 * Whether the Deno kernel still needs `lib/notebook/_iopub.ts`' workaround.
 *
 * A fixture notebook, run with the real kernel by `deno task notebooks`,
 * displays twenty 100 kB charts without awaiting them and ends the cell: the
 * output that the workaround exists for. On the kernels the workaround was
 * written for (Deno 2.9.6), part of it is published after the cell's "idle"
 * and so is lost, or lands in the next cell. The test prints how many charts
 * reached their cell. If all of them did, it says so with a warning, "the
 * kernel no longer drops late output", so that the workaround can be
 * retired after a look; it does not fail, since one lucky run proves little.
 * It fails only on what is surely broken: charts duplicated, out of order or
 * in a cell they were never sent from, or the same output followed by
 * `await flush()` (the workaround) not all in its cell.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO } from "../../tools/_jupyter.ts";
import { readNotebook } from "../../tools/_ipynb.ts";
import { kernelNotebook, runNotebook } from "../_fixtures.ts";

/** Charts each late cell displays, and their size: about 2 MB queued at once. */
const CHARTS = 20;
const BYTES = 100_000;
/** Cells of late output, each followed by a cell that waits for it. */
const ROUNDS = 4;

function notebook(): string {
  const progress = pathToFileURL(join(REPO, "lib", "notebook", "progress.ts")).href;
  const displays = (tag: string) =>
    `for (let i = 0; i < ${CHARTS}; i++) {\n` +
    `  void Deno.jupyter.display({ "image/svg+xml": chart("${tag}", i) }, { raw: true });\n` +
    `}`;
  const rounds = Array.from({ length: ROUNDS }, (_, r) => [
    // The late output: the cell ends 1 ms after queueing it, without waiting for it to be
    // published. (With no await at all, Deno 2.9.6's kernel fails such a cell with "Promise
    // was collected".)
    `${displays(`late${r}`)}\nawait new Promise((resolve) => setTimeout(resolve, 1));`,
    // Time for the kernel to publish what the cell before left queued.
    `await new Promise((resolve) => setTimeout(resolve, 1000));\nawait flush();`,
  ]).flat();
  return kernelNotebook([
    `import { flush, say } from "${progress}";\n` +
    `const chart = (tag: string, i: number) =>\n` +
    `  \`<svg xmlns="http://www.w3.org/2000/svg"><!--\${tag} \${i} \${"x".repeat(${BYTES})}--></svg>\`;`,
    ...rounds,
    // The same output with the workaround, and the kernel's version.
    `${displays("flushed")}\nawait flush();\nawait say(\`deno \${Deno.version.deno}\`);`,
  ]);
}

interface Output {
  output_type: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}

const text = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join("") : value ?? "";

/** The charts of one cell, as `tag i`, in the order they were saved. */
function charts(outputs: Output[]): string[] {
  return outputs.flatMap((o) => {
    const svg = o.data?.["image/svg+xml"];
    const match = /<!--(\w+ \d+) /.exec(text(svg));
    return match ? [match[1]] : [];
  });
}

const sent = (tag: string) => Array.from({ length: CHARTS }, (_, i) => `${tag} ${i}`);

Deno.test({
  name: "the Deno kernel still drops output a cell leaves queued (else: retire _iopub.ts)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const run = await runNotebook("01_late_output", notebook());
    try {
      assert.equal(run.code, 0, run.output);
      const nb = await readNotebook(run.executed);
      const outputs = nb.cells.map((cell) => (cell.outputs ?? []) as Output[]);
      const last = outputs[outputs.length - 1];
      const printed = last.map((o) => o.output_type === "stream" ? text(o.text) : "").join("");
      const version = /deno (\S+)/.exec(printed)?.[1] ?? "(version not shown)";

      // What surely works, whatever the kernel does.
      assert.deepEqual(outputs[0], [], "the first cell shows nothing");
      assert.deepEqual(
        charts(last),
        sent("flushed"),
        "with await flush() every chart is in its cell",
      );
      const rounds = Array.from({ length: ROUNDS }, (_, r) => {
        const own = charts(outputs[1 + 2 * r]);
        const next = charts(outputs[2 + 2 * r]);
        const arrived = [...own, ...next];
        const expected = sent(`late${r}`);
        assert.deepEqual(
          arrived,
          expected.filter((c) => arrived.includes(c)),
          `round ${r}: only its own charts, each once, in order`,
        );
        return `${own.length} in their cell, ${next.length} in the next, ${
          CHARTS - arrived.length
        } lost`;
      });

      const counts = `of ${CHARTS} charts left queued by each of ${ROUNDS} cells: ${
        rounds.join("; ")
      }`;
      const allLanded = rounds.every((r) => r.startsWith(`${CHARTS} in their cell`));
      if (allLanded) {
        console.warn(
          `The kernel no longer drops late output (Deno ${version}, ${counts}): ` +
            "the workaround in lib/notebook/_iopub.ts can be retired; run this test again to be sure.",
        );
      } else {
        console.log(`Deno ${version} still drops late output (${counts}).`);
      }
    } finally {
      await Deno.remove(run.dir, { recursive: true });
    }
  },
});
