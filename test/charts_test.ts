import assert from "node:assert/strict";
import {
  blobsChart,
  CATEGORICAL,
  type Chart,
  curveGrid,
  decisionRegions,
  heatmap,
  learningCurves,
  lineChart,
  seedBand,
  spreadChart,
  TEST_COLOR,
  TRAIN_COLOR,
} from "../lib/charts.ts";
import { roundNumbers } from "../lib/_svg.ts";
import type { EpochLog, History } from "../lib/types.ts";

// ---------------------------------------------------------------------------
// A tiny deterministic generator of plausible training histories.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthHistory(
  batchSize: number,
  { seed = 0, epochs = 30, learningRate = 0.01, divergeAt = null as number | null } = {},
): History {
  const rand = mulberry32(batchSize * 1000 + seed);
  const noise = 0.25 / Math.sqrt(batchSize);
  const speed = 1 + 8 / Math.sqrt(batchSize);
  const log: EpochLog[] = [];
  for (let epoch = 1; epoch <= (divergeAt ?? epochs); epoch++) {
    const base = 0.82 - 0.45 * Math.exp(-epoch / speed);
    const accuracy = base + (rand() - 0.5) * noise;
    const valAccuracy = base - 0.005 + (rand() - 0.5) * noise;
    const bad = epoch === divergeAt;
    log.push({
      epoch,
      loss: bad ? NaN : 1.1 - 0.8 * accuracy + rand() * noise,
      accuracy: bad ? NaN : accuracy,
      valLoss: bad ? NaN : 1.12 - 0.8 * valAccuracy + rand() * noise,
      valAccuracy: bad ? NaN : valAccuracy,
      seconds: epoch * 0.3,
      updates: epoch * Math.ceil(500 / batchSize),
    });
  }
  const last = log[log.length - 1] ?? { loss: NaN, accuracy: NaN, valLoss: NaN, valAccuracy: NaN };
  return {
    batchSize,
    learningRate,
    momentum: 0.9,
    loss: "logits",
    seed,
    epochs: log,
    divergedAt: divergeAt,
    train: { loss: last.loss, accuracy: last.accuracy },
    test: { loss: last.valLoss, accuracy: last.valAccuracy },
    weights: [],
  };
}

function synthBlobs(n = 90): { x: number[][]; y: number[] } {
  const rand = mulberry32(2);
  const centers = [[-2, 4], [-8, -8], [1, -1]];
  const y = Array.from({ length: n }, (_, i) => i % 3);
  const x = y.map((c) => [centers[c][0] + 4 * (rand() - 0.5), centers[c][1] + 4 * (rand() - 0.5)]);
  return { x, y };
}

function synthGrid(steps = 24): { x0: number; x1: number; cls: number }[] {
  const centers = [[-2, 4], [-8, -8], [1, -1]];
  const grid = [];
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      const x0 = -12 + i, x1 = -12 + j;
      const d = centers.map((c) => (c[0] - x0) ** 2 + (c[1] - x1) ** 2);
      grid.push({ x0, x1, cls: d.indexOf(Math.min(...d)) });
    }
  }
  return grid;
}

const BATCH_SIZES = [4, 8, 16, 32, 64, 128, 256, 450];

// ---------------------------------------------------------------------------
// SVG inspection helpers

function count(svg: string, re: RegExp): number {
  return [...svg.matchAll(re)].length;
}

/** Checks the SVG is well-formed XML: tags balanced, attributes quoted, `&` escaped. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (close) assert.equal(stack.pop(), name, `unbalanced </${name}>`);
    else if (!selfClose) stack.push(name);
  }
  assert.deepEqual(stack, [], "every element is closed");
  const tags = count(svg, /<[^>]*>/g);
  const matched = count(svg, /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g);
  assert.equal(matched, tags, "every tag has quoted attributes");
  assert.doesNotMatch(svg, /&(?!amp;|lt;|gt;|quot;|#\d+;)/, "every & is escaped");
}

/** Checks what every chart must be: a standalone, namespaced, displayable SVG document. */
function assertStandalone(chart: Chart): string {
  const { svg } = chart;
  assert.match(
    svg,
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"( xmlns:xlink="http:\/\/www\.w3\.org\/1999\/xlink")? width="\d+(\.\d+)?" height="\d+(\.\d+)?" viewBox="0 0 [\d.]+ [\d.]+"/,
  );
  assert.ok(svg.endsWith("</svg>"));
  if (svg.includes("xlink:")) assert.ok(svg.includes("xmlns:xlink="));
  assert.doesNotMatch(svg, /<(figure|div|canvas|foreignObject|img)\b/i, "pure SVG");
  const display =
    (chart as unknown as Record<symbol, () => unknown>)[Symbol.for("Jupyter.display")];
  assert.equal(typeof display, "function");
  assert.deepEqual(display.call(chart), { "image/svg+xml": svg });
  // One style block, scoped to the outer svg's class; nested panels carry no class.
  assert.equal(count(svg, /<style>/g), 1);
  assert.match(svg, /<style>:where\(\.plot-d6a7b5\)/);
  assert.equal(count(svg, /<svg [^>]*class=/g), 1);
  assertWellFormed(svg);
  return svg;
}

function panels(svg: string): string[] {
  // Nested panels: every <svg ...> after the outer one, up to its </svg>.
  return [...svg.slice(5).matchAll(/<svg [^>]*>.*?<\/svg>/g)].map((m) => m[0]);
}

function yTickLabels(panel: string): string[] {
  const g = /aria-label="y-axis tick label">(.*?)<\/g>/.exec(panel);
  return g ? [...g[1].matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]) : [];
}

/** A stable form for snapshots: one tag per line, geometry rounded to one decimal. */
function normalize(svg: string): string {
  return svg
    .replace(/ (d|points|transform|x|y|x1|x2|y1|y2|cx|cy|r|width|height|viewBox)="([^"]*)"/g, (
      _,
      name,
      value,
    ) => ` ${name}="${roundNumbers(value, 1)}"`)
    .replace(/></g, ">\n<");
}

// ---------------------------------------------------------------------------
// learningCurves

Deno.test("learningCurves() draws accuracy and loss panels in train blue and test orange", () => {
  const svg = assertStandalone(learningCurves(synthHistory(32), { title: "batch=32, lr=0.01" }));
  assert.equal(panels(svg).length, 2);
  assert.ok(svg.includes(">batch=32, lr=0.01</text>"));
  assert.ok(svg.includes(">Accuracy</text>") && svg.includes(">Loss</text>"));
  for (const p of panels(svg)) {
    assert.equal(count(p, new RegExp(`aria-label="line"><g[^>]*stroke="${TRAIN_COLOR}"`, "g")), 1);
    assert.equal(count(p, new RegExp(`aria-label="line"><g[^>]*stroke="${TEST_COLOR}"`, "g")), 1);
    assert.ok(p.includes(">epoch</text>"));
  }
  assert.match(svg, /width="820" height="320"/);
});

Deno.test("learningCurves() draws a diverged or empty history without crashing", () => {
  const diverged = learningCurves(synthHistory(1, { divergeAt: 7 }), { epochs: 30 });
  assert.ok(assertStandalone(diverged).includes("diverged at epoch 7"));
  const empty = synthHistory(1, { divergeAt: 1 });
  empty.epochs = [];
  assert.ok(assertStandalone(learningCurves(empty)).includes("no finite values"));
});

Deno.test("learningCurves() rejects bad input naming the option and value", () => {
  const h = synthHistory(32);
  assert.throws(
    () => learningCurves({} as History),
    new TypeError(
      "Cannot draw learning curves: history.epochs must be an array of epoch records, got undefined",
    ),
  );
  assert.throws(
    () => learningCurves(h, { width: -5 }),
    /width must be a finite number ≥ 300, got -5/,
  );
  assert.throws(() => learningCurves(h, { width: "wide" as unknown as number }), TypeError);
  assert.throws(
    () => learningCurves(h, { accuracyDomain: [1, 0] }),
    /accuracyDomain must be finite with min < max, got \[1, 0\]/,
  );
  assert.throws(() => learningCurves(h, 7 as unknown as undefined), /options must be an object/);
});

// ---------------------------------------------------------------------------
// curveGrid

Deno.test("curveGrid() draws one titled panel per history on one shared y scale", () => {
  const histories = BATCH_SIZES.map((b) => synthHistory(b));
  const svg = assertStandalone(curveGrid(histories));
  const ps = panels(svg);
  assert.equal(ps.length, 8);
  for (const b of BATCH_SIZES) assert.ok(svg.includes(`>batch=${b}</text>`));
  const ticks = ps.map(yTickLabels);
  assert.ok(ticks[0].length >= 3);
  for (const t of ticks) assert.deepEqual(t, ticks[0]);
  assert.equal(count(svg, new RegExp(`aria-label="line"><g[^>]*stroke="${TRAIN_COLOR}"`, "g")), 8);
  assert.equal(count(svg, new RegExp(`aria-label="line"><g[^>]*stroke="${TEST_COLOR}"`, "g")), 8);
  // Default 4 columns: panels at four x offsets.
  const xs = new Set(ps.map((p) => /^<svg [^>]*\bx="([\d.]+)"/.exec(p)![1]));
  assert.equal(xs.size, 4);
});

Deno.test("curveGrid() honours metric, titles, columns and adds lr to titles when it varies", () => {
  const histories = [synthHistory(4), synthHistory(8, { learningRate: 0.001 })];
  const svg = assertStandalone(curveGrid(histories, { metric: "loss", columns: 1 }));
  assert.ok(svg.includes(">batch=4, lr=0.01</text>") && svg.includes(">batch=8, lr=0.001</text>"));
  assert.ok(svg.includes(">loss</text>"));
  const titled = curveGrid(histories, { titles: ["first", "second"] }).svg;
  assert.ok(titled.includes(">first</text>") && titled.includes(">second</text>"));
  assert.throws(
    () => curveGrid(histories, { titles: ["one"] }),
    new RangeError("Cannot draw curve grid: titles must have 2 entries (one per panel), got 1"),
  );
  assert.throws(
    () => curveGrid(histories, { columns: 0 }),
    /columns must be a positive integer, got 0/,
  );
  assert.throws(
    () => curveGrid(histories, { metric: "f1" as "loss" }),
    /metric must be "accuracy" or "loss", got "f1"/,
  );
  assert.throws(() => curveGrid([]), TypeError);
});

// ---------------------------------------------------------------------------
// seedBand

Deno.test("seedBand() draws mean curves with bands, one panel per group on a shared y", () => {
  const group = [0, 1, 2, 3, 4].map((seed) => synthHistory(32, { seed }));
  const one = assertStandalone(seedBand(group));
  assert.equal(panels(one).length, 1);
  assert.equal(count(one, /aria-label="area"/g), 2);
  assert.ok(one.includes("min–max of 5 seeds"));
  const groups = [4, 32, 450].map((b) => [0, 1, 2].map((seed) => synthHistory(b, { seed })));
  const svg = assertStandalone(seedBand(groups, { band: "sd" }));
  const ps = panels(svg);
  assert.equal(ps.length, 3);
  assert.ok(svg.includes("±1 sd, 3 seeds"));
  for (const p of ps) assert.deepEqual(yTickLabels(p), yTickLabels(ps[0]));
  assert.throws(() => seedBand([[]]), /groups\[0\] must be a non-empty array/);
  assert.throws(() => seedBand(group, { band: "iqr" as "sd" }), RangeError);
});

Deno.test("seedBand() lets runs that stopped early drop out of later epochs", () => {
  const runs = [synthHistory(1, { divergeAt: 5 }), synthHistory(1, { seed: 1 })];
  assertStandalone(seedBand(runs));
});

// ---------------------------------------------------------------------------
// spreadChart

Deno.test("spreadChart() draws one dot per value and a mean tick per row", () => {
  const rows = BATCH_SIZES.slice(0, 3).map((b) => ({
    label: `batch=${b}`,
    values: [0, 1, 2, 3].map((seed) => synthHistory(b, { seed }).test.accuracy),
  }));
  const svg = assertStandalone(spreadChart(rows, { x: { label: "final test accuracy" } }));
  assert.equal(count(svg, /<circle /g), 12 + 0); // legend uses a line swatch, not a circle
  const rule = /<g stroke-width="2.5" stroke="#222" aria-label="rule">(.*?)<\/g>/.exec(svg)![1];
  assert.equal(count(rule, /<line /g), 3, "one mean tick per row");
  assert.ok(svg.includes(">final test accuracy</text>"));
  for (const c of CATEGORICAL.slice(0, 3)) assert.ok(svg.includes(`fill="${c}"`));
  assert.throws(
    () => spreadChart([{ label: "a", values: ["x" as unknown as number] }]),
    /rows\[0\]\.values must be an array of numbers/,
  );
});

// ---------------------------------------------------------------------------
// lineChart

Deno.test("lineChart() draws labelled lines, a log x axis and horizontal rules", () => {
  const series = [
    { label: "test", points: BATCH_SIZES.map((b) => ({ x: b, y: synthHistory(b).test.accuracy })) },
    {
      label: "train",
      points: BATCH_SIZES.map((b) => ({ x: b, y: synthHistory(b).train.accuracy })),
    },
  ];
  const svg = assertStandalone(lineChart(series, {
    x: { label: "batch size", type: "log", ticks: BATCH_SIZES },
    y: { label: "final accuracy", domain: [0.5, 1] },
    rules: [{ y: 0.8, label: "80% target" }],
    colors: [TEST_COLOR, TRAIN_COLOR],
  }));
  const lines = /aria-label="line">(.*?)<\/g>/.exec(svg)![1];
  assert.equal(count(lines, /<path /g), 2, "one path per series");
  assert.equal(count(svg, /<circle /g), 16, "one dot per point");
  assert.ok(svg.includes("80% target") && svg.includes('stroke-dasharray="5 4"'));
  for (const b of BATCH_SIZES) assert.ok(svg.includes(`>${b}</text>`), `tick ${b}`);
  const labels = /aria-label="direct labels"[^>]*>(.*?)<\/g>/.exec(svg)![1];
  assert.equal(count(labels, /<text /g), 2);
  assert.ok(labels.includes(`fill="${TEST_COLOR}"`) && labels.includes(`fill="${TRAIN_COLOR}"`));
  assert.throws(
    () => lineChart([{ label: "a", points: [{ x: 0, y: 1 }] }], { x: { type: "log" } }),
    new RangeError(
      'Cannot draw line chart: x.type "log" needs x > 0, got x = 0 in series[0] ("a")',
    ),
  );
  assert.throws(() => lineChart([{ label: "a", points: [{ x: 1 }] }] as never), TypeError);
});

Deno.test("lineChart() keeps direct labels at least one line apart", () => {
  const series = [0, 1, 2, 3].map((i) => ({
    label: `s${i}`,
    points: [{ x: 0, y: 0 }, { x: 1, y: 1 + i * 1e-4 }],
  }));
  const svg = lineChart(series).svg;
  const labels = /aria-label="direct labels"[^>]*>(.*?)<\/g>/.exec(svg)![1];
  const ys = [...labels.matchAll(/ y="([\d.]+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  for (let i = 1; i < ys.length; i++) assert.ok(ys[i] - ys[i - 1] >= 12, `${ys}`);
});

// ---------------------------------------------------------------------------
// heatmap

Deno.test("heatmap() prints each value in its cell with a swatch legend and an overlay", () => {
  const lrs = [0.001, 0.01, 0.1];
  const cells = [4, 32, 450].flatMap((b, i) =>
    lrs.map((lr, j) => ({ x: b, y: lr, value: i === 0 && j === 2 ? NaN : 0.6 + 0.03 * (i + j) }))
  );
  const svg = assertStandalone(heatmap(cells, {
    x: { label: "batch size" },
    y: { label: "learning rate" },
    overlay: { points: [{ x: 4, y: 0.001 }, { x: 32, y: 0.01 }], label: "lr ∝ batch" },
  }));
  assert.equal(count(svg, /<rect [^>]*height="40"/g) + count(svg, /<rect [^>]*height="39"/g), 9);
  assert.ok(
    svg.includes(">0.600</text>") && svg.includes(">0.720</text>") && svg.includes(">–</text>"),
  );
  const legend = /aria-label="legend"[^>]*>(.*?)<\/g>/.exec(svg)![1];
  assert.equal(count(legend, /<rect /g), 5);
  assert.ok(legend.includes("lr ∝ batch"));
  assert.equal(count(svg, /aria-label="line"/g), 1);
  assert.throws(
    () => heatmap(cells, { overlay: { points: [{ x: 5, y: 0.001 }] } }),
    /overlay\[0\]\.points\[0\] must name an x and a y category, got 5, 0.001/,
  );
  assert.throws(() => heatmap(cells, { scheme: "nope" }), /scheme must be an Observable Plot/);
  assert.throws(() => heatmap([{ x: {}, y: 1, value: 1 }] as never), TypeError);
  assert.throws(
    () => heatmap([...cells, { x: 4, y: 0.01, value: 1 }]),
    /cells\[9\] repeats the cell x = 4, y = 0.01/,
  );
});

// ---------------------------------------------------------------------------
// blobsChart and decisionRegions

Deno.test("blobsChart() colours points by class with a class legend", () => {
  const blobs = synthBlobs();
  const svg = assertStandalone(blobsChart(blobs, { title: "blobs" }));
  assert.equal(count(svg, /<circle /g), 90 + 3);
  for (const c of CATEGORICAL.slice(0, 3)) assert.ok(svg.includes(`fill="${c}"`));
  assert.ok(svg.includes(">class 2</text>"));
  assert.throws(
    () => blobsChart({ x: blobs.x, y: blobs.y.slice(1) }),
    /blobs\.y must be an array of 90 class labels/,
  );
  assert.throws(() => blobsChart({ x: [[0, 0]], y: [1.5] }), /got 1.5 at index 0/);
});

Deno.test("decisionRegions() merges grid cells into light rectangles under the points", () => {
  const grid = synthGrid();
  const blobs = synthBlobs();
  const svg = assertStandalone(decisionRegions(grid, blobs, { classNames: ["a", "b", "c"] }));
  const rects = count(svg, /shape-rendering="crispEdges"/g) === 1
    ? count(/aria-label="rect"[^>]*>(.*?)<\/g>/.exec(svg)![1], /<rect /g)
    : -1;
  assert.ok(rects > 3 && rects < grid.length / 4, `${rects} rectangles`);
  assert.equal(count(svg, /<circle /g), 90 + 3);
  assert.ok(svg.indexOf('aria-label="rect"') < svg.indexOf('aria-label="dot"'));
  assert.ok(svg.includes(">c</text>"));
  assert.throws(
    () => decisionRegions([{ x0: 0, x1: 0, cls: -1 }], blobs),
    new RangeError(
      "Cannot draw decision regions: grid[0].cls must be an integer class >= 0, got -1",
    ),
  );
});

Deno.test("every chart escapes labels with XML special characters", () => {
  const odd = `a & b <"c">`;
  assertStandalone(
    spreadChart([{ label: odd, values: [1, 2] }], { title: odd, x: { label: odd } }),
  );
  assertStandalone(heatmap([{ x: odd, y: odd, value: 1 }], { x: { label: odd }, title: odd }));
  assertStandalone(
    lineChart([{ label: odd, points: [{ x: 1, y: 1 }] }], { rules: [{ y: 1, label: odd }] }),
  );
  const svg = assertStandalone(learningCurves(synthHistory(2), { title: odd }));
  assert.ok(svg.includes("a &amp; b &lt;&quot;c&quot;&gt;"));
});

// ---------------------------------------------------------------------------
// Determinism and snapshots

function everyChart(): Record<string, Chart> {
  const histories = BATCH_SIZES.slice(0, 4).map((b) => synthHistory(b, { epochs: 12 }));
  return {
    learningCurves: learningCurves(synthHistory(32, { epochs: 12 }), { title: "batch=32" }),
    curveGrid: curveGrid(histories),
    seedBand: seedBand([0, 1, 2].map((seed) => synthHistory(32, { seed, epochs: 12 }))),
    spreadChart: spreadChart([{ label: "a", values: [0.8, 0.81, 0.83] }, {
      label: "b",
      values: [0.7, 0.75],
    }]),
    lineChart: lineChart(
      [{ label: "test", points: [{ x: 4, y: 0.8 }, { x: 32, y: 0.81 }, { x: 450, y: 0.83 }] }],
      { x: { type: "log", ticks: [4, 32, 450], label: "batch size" }, rules: [0.8] },
    ),
    heatmap: heatmap([{ x: "a", y: 1, value: 0.5 }, { x: "b", y: 1, value: 0.7 }, {
      x: "a",
      y: 2,
      value: 0.9,
    }, { x: "b", y: 2, value: NaN }]),
    blobsChart: blobsChart(synthBlobs(30)),
    decisionRegions: decisionRegions(synthGrid(12), synthBlobs(30)),
  };
}

Deno.test("every chart is byte-identical for the same input", () => {
  const a = everyChart();
  const b = everyChart();
  for (const name of Object.keys(a)) assert.equal(a[name].svg, b[name].svg, name);
});

Deno.test("every chart matches its snapshot", async (t) => {
  for (const [name, chart] of Object.entries(everyChart())) {
    await t.assertSnapshot(normalize(chart.svg), { name });
  }
});
