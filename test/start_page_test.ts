import assert from "node:assert/strict";
import {
  addPager,
  firstFinding,
  inlineMarkdown,
  notebookResults,
  RESULTS_KEY,
  resultsTable,
  type RunResult,
  startPage,
} from "../tools/_start_page.ts";
import type { Cell, Notebook } from "../tools/_ipynb.ts";
import { RESULTS_METADATA, type SeedResult } from "../lib/training/lesson.ts";

const markdown = (source: string): Cell => ({ cell_type: "markdown", source, metadata: {} });
const notebook = (cells: Cell[]): Notebook => ({
  cells,
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
});

function result(
  batchSize: number,
  seeds: number,
  test: number,
  extra: Partial<SeedResult> = {},
): SeedResult {
  const spread = { mean: test, min: test - 0.01, max: test + 0.01 };
  return {
    label: `batch=${batchSize}`,
    batchSize,
    learningRate: 0.01,
    epochs: 200,
    seeds,
    train: spread,
    test: spread,
    reference: null,
    keras: null,
    ...extra,
  };
}

/** A code cell whose output is a seed table carrying its numbers, as trainSeedTable shows it. */
function tableCell(rows: SeedResult[]): Cell {
  return {
    cell_type: "code",
    source: "await trainSeedTable(...)",
    metadata: {},
    outputs: [{
      output_type: "display_data",
      data: { "text/plain": "table" },
      metadata: { [RESULTS_KEY]: rows },
    }],
  };
}

Deno.test("the start page reads seed tables under the key lib/training/lesson.ts writes them", () => {
  assert.equal(RESULTS_KEY, RESULTS_METADATA);
});

Deno.test("firstFinding() is the first point of 'What we learned', its lines joined", () => {
  const nb = notebook([
    markdown("# 4. Minibatch\n\n- not this list"),
    markdown(
      "## What we learned\n\n- Batch 32 makes 16 updates\n  an epoch.\n- Second point.\n\nNext: [5](05_x.ipynb).",
    ),
  ]);
  assert.equal(firstFinding(nb), "Batch 32 makes 16 updates an epoch.");
  assert.equal(firstFinding(notebook([markdown("# 1. Data")])), "");
  assert.equal(
    firstFinding(notebook([markdown("## What we learned\n\n- Only one point,\n  on two lines.")])),
    "Only one point, on two lines.",
  );
});

Deno.test("notebookResults() collects every seed table's rows with their notebook", () => {
  const nb = notebook([
    tableCell([result(1, 30, 0.6)]),
    markdown("x"),
    tableCell([result(32, 10, 0.8)]),
  ]);
  assert.deepEqual(notebookResults(nb, "03_x").map((r) => [r.batchSize, r.notebook]), [
    [1, "03_x"],
    [32, "03_x"],
  ]);
});

Deno.test("resultsTable() keeps one row per configuration, the one with the most seeds, the tutorial's first", () => {
  const rows: RunResult[] = [
    { ...result(1, 30, 0.6), notebook: "03" },
    { ...result(32, 10, 0.81), notebook: "04" },
    { ...result(1, 10, 0.62), notebook: "05" },
    { ...result(32, 10, 0.82), notebook: "05" },
    { ...result(1, 10, 0.82, { learningRate: 0.001 }), notebook: "05" },
    { ...result(64, 10, 0.8), notebook: "05" },
    { ...result(4, 10, 0.8), notebook: "05" },
    { ...result(500, 10, 0.8), notebook: "05" },
  ];
  assert.deepEqual(resultsTable(rows).map((r) => [r.batchSize, r.learningRate, r.notebook]), [
    [500, 0.01, "05"],
    [1, 0.01, "03"],
    [1, 0.001, "05"],
    [32, 0.01, "04"],
    [4, 0.01, "05"],
    [64, 0.01, "05"],
  ]);
  assert.equal(resultsTable(rows)[3].label, "minibatch: batch=32, lr=0.01");
});

Deno.test("startPage() shows the run's numbers beside the tutorial's, and each notebook's finding", () => {
  const html = startPage(
    [
      {
        name: "03_sgd",
        title: "3. SGD",
        finding: "A batch of `1` is _noisy_.",
        seconds: 12.34,
        nbconvert: "7.17.2",
      },
    ],
    [{
      ...result(1, 30, 0.65, {
        label: "SGD: batch=1, lr=0.01",
        reference: { train: 0.612, test: 0.606 },
        keras: { train: 0.6, test: 0.61, runs: 5 },
      }),
      notebook: "03_sgd",
    }],
    { extras: [["explore.html", "Explore"]] },
  );
  assert.match(
    html,
    /<td>SGD: batch=1, lr=0\.01<\/td><td class="num">0\.650 <span class="range">\[0\.640–0\.660\]/,
  );
  assert.match(
    html,
    /<td class="num">0\.606<\/td><td class="num">0\.612<\/td><td class="num">0\.610 \(5\)<\/td>/,
  );
  assert.match(
    html,
    /<td class="num">30 × 200<\/td><td><a href="03_sgd\.html" title="3\. SGD">notebook 3<\/a><\/td>/,
  );
  assert.match(
    html,
    /<a href="03_sgd\.html">3\. SGD<\/a><div class="finding">A batch of <code>1<\/code> is <em>noisy<\/em>\.<\/div>/,
  );
  assert.match(html, /ran in 12\.3 s with nbconvert 7\.17\.2/);
  assert.match(html, /<a href="explore\.html">Explore<\/a>/);
  assert.match(startPage([], []), /showed a seed table, so there are no results/);
});

Deno.test("inlineMarkdown() escapes HTML and links sibling notebooks to their pages", () => {
  assert.equal(
    inlineMarkdown("a <b> & [notebook 2](02_batch.ipynb#Top) or [x](https://e.org)"),
    'a &lt;b&gt; &amp; <a href="02_batch.html#Top">notebook 2</a> or x',
  );
  assert.equal(
    inlineMarkdown("**Bold** and snake_case_names"),
    "<strong>Bold</strong> and snake_case_names",
  );
});

Deno.test("addPager() links the previous and next pages at the top and bottom, once", () => {
  const page = '<html><body class="jp">\n<main>x</main>\n</body></html>';
  const prev = { name: "02_b", title: "2. B" };
  const next = { name: "04_d", title: "4. D" };
  const once = addPager(page, prev, next);
  assert.equal(once.match(/<nav class="pager"/g)?.length, 2);
  assert.match(once, /<a rel="prev" href="02_b\.html">← 2\. B<\/a>/);
  assert.match(once, /<a rel="next" href="04_d\.html">4\. D →<\/a>/);
  assert.match(once, /<a href="index\.html">All notebooks<\/a>/);
  assert.equal(addPager(once, prev, next), once, "a second run replaces the links");
  const first = addPager(page, undefined, next);
  assert.doesNotMatch(first, /rel="prev"/);
});
