/**
 * Notebook 2's "complete example" is the tutorial's whole program, meant to be
 * copied into an empty notebook: run alone, in a fresh kernel, from where a
 * reader's own notebook would be, it prints the tutorial's result line and
 * shows a chart.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO } from "../tools/_jupyter.ts";
import { isProgram, readNotebook, svgOutputs, text } from "../tools/_ipynb.ts";
import { kernelNotebook, runNotebook } from "./_fixtures.ts";

const NOTEBOOK = join(REPO, "notebooks", "02_batch_gradient_descent.ipynb");

/** The source of the one code cell tagged "complete-example". */
async function completeExample(): Promise<string> {
  const programs = (await readNotebook(NOTEBOOK)).cells.filter((cell) =>
    cell.cell_type === "code" && isProgram(cell)
  );
  assert.equal(programs.length, 1, "notebook 2 has one cell tagged complete-example");
  return text(programs[0].source);
}

Deno.test("notebook 2's complete example holds each step of the tutorial's program", async () => {
  const source = await completeExample();
  for (
    const step of [
      "makeBlobs(",
      "tf.oneHot(",
      "tf.sequential(",
      "tf.layers.dense(",
      "model.compile(",
      "model.fit(",
      "validationData",
      "model.evaluate(",
      "Plot.plot(",
    ]
  ) {
    assert.ok(source.includes(step), `the complete example calls ${step}`);
  }
  assert.match(source, /^import /m, "it has its own imports");
});

Deno.test({
  name:
    "notebook 2's complete example, run alone in a fresh kernel, prints Train/Test and shows a chart",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const run = await runNotebook(
      "01_complete_example",
      kernelNotebook([await completeExample()]),
      {
        inRepo: true,
      },
    );
    try {
      assert.equal(run.code, 0, run.output);
      const nb = await readNotebook(run.executed);
      const outputs = nb.cells[0].outputs ?? [];
      for (const output of outputs) {
        assert.notEqual(output.output_type, "error", `${output.ename}: ${output.evalue}`);
        assert.ok(
          !(output.output_type === "stream" && output.name === "stderr"),
          `stderr: ${text(output.text)}`,
        );
      }
      const printed = outputs.filter((o) => o.output_type === "stream").map((o) => text(o.text));
      const line = /^Train: (0\.\d{3}), Test: (0\.\d{3})$/m.exec(printed.join(""));
      assert.ok(line, `no result line in ${JSON.stringify(printed)}`);
      // Trained, not guessed: the nearest-mean rule of notebook 1 scores 0.830 on both halves.
      for (const accuracy of [Number(line[1]), Number(line[2])]) {
        assert.ok(accuracy > 0.75 && accuracy < 0.9, `accuracy ${accuracy}`);
      }
      const svgs = svgOutputs(nb);
      assert.equal(svgs.length, 1, "one chart");
      assert.match(svgs[0], /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.ok(svgs[0].includes("<desc>"), "the chart carries its description");
      assert.equal([...svgs[0].matchAll(/aria-label="line"/g)].length, 2, "train and test lines");
      // 200 epochs: each line has a point per epoch.
      for (const [, d] of svgs[0].matchAll(/aria-label="line"[^>]*><path [^>]*?d="([^"]*)"/g)) {
        assert.equal(d.split(/[ML]/).length - 1, 200, "a point per epoch");
      }
    } finally {
      await Deno.remove(run.dir, { recursive: true });
    }
  },
});
