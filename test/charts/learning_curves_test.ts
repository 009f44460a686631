/**
 * Tests of `lib/charts/learning_curves.ts`. Its snapshots are test/output/learning_curves*.svg,
 * curve_grid*.svg and seed_band*.svg, compared byte for byte; after a change meant to alter a
 * picture, look at the new one and rewrite them with
 * `UPDATE_SNAPSHOTS=1 deno test -A test/charts/learning_curves_test.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  curveGrid,
  learningCurves,
  seedBand,
  TEST_COLOR,
  TRAIN_COLOR,
} from "../../lib/charts/mod.ts";
import type { History } from "../../lib/types.ts";
import {
  assertSnapshot,
  assertStandalone,
  BATCH_SIZES,
  count,
  facets,
  panels,
  synthHistory,
  texts,
} from "../_fixtures.ts";

/** How many of a faceted line mark's panels draw a line in `color`. */
function linesIn(svg: string, color: string): number {
  const marks = [...svg.matchAll(/<g aria-label="line">/g)].map((m) => svg.slice(m.index));
  const mark = marks.find((m) =>
    /^<g aria-label="line"><g [^>]*><g [^>]*stroke="([^"]+)"/.exec(m)?.[1] === color
  );
  return mark ? facets(mark, "line").filter((f) => f.includes("<path ")).length : 0;
}

/** The y tick labels of each row of a grid, read from its y axis (drawn once per row). */
function yTicksPerRow(svg: string): string[][] {
  const g = /aria-label="y-axis tick label"[^>]*>(.*?<\/g>)<\/g>/.exec(svg)?.[1] ?? "";
  const rows = new Map<string, string[]>();
  for (const m of g.matchAll(/<g transform="translate\(([\d.]+),([\d.]+)\)"[^>]*>(.*?)<\/g>/g)) {
    rows.set(m[2], [...m[3].matchAll(/>([^<]+)<\/text>/g)].map((t) => t[1]));
  }
  return [...rows.values()];
}

// ---------------------------------------------------------------------------
// learningCurves

Deno.test("learningCurves() draws accuracy and loss panels in train blue and test orange", () => {
  const svg = assertStandalone(learningCurves(synthHistory(32), { title: "batch=32, lr=0.01" }));
  assert.equal(panels(svg).length, 2);
  assert.ok(svg.includes(">batch=32, lr=0.01</text>"));
  assert.ok(svg.includes(">Accuracy</text>") && svg.includes(">Loss</text>"));
  for (const p of panels(svg)) {
    assert.equal(linesIn(p, TRAIN_COLOR), 1);
    assert.equal(linesIn(p, TEST_COLOR), 1);
    assert.ok(p.includes(">epoch</text>"));
  }
  assert.deepEqual(texts(panels(svg)[0], "y-axis label"), ["accuracy"]);
  assert.deepEqual(texts(panels(svg)[1], "y-axis label"), ["loss"]);
  assert.match(svg, /width="820" height="320"/);
});

Deno.test("learningCurves() draws a diverged or empty history without crashing", () => {
  const diverged = learningCurves(synthHistory(1, { divergeAt: 7 }), { x: { domain: [0, 30] } });
  assert.ok(assertStandalone(diverged).includes("diverged at epoch 7"));
  assert.ok(texts(diverged.svg, "x-axis tick label").includes("30"));
  const empty = synthHistory(1, { divergeAt: 1 });
  empty.epochs = [];
  assert.ok(assertStandalone(learningCurves(empty)).includes("no finite values"));
});

Deno.test("learningCurves() takes the loss panel's y axis as loss, e.g. on a log scale", () => {
  const svg = assertStandalone(learningCurves(synthHistory(32), {
    accuracy: { label: "test and train accuracy", domain: [0.3, 0.9] },
    loss: { type: "log", ticks: [0.5, 1] },
  }));
  const [accuracy, loss] = panels(svg);
  assert.deepEqual(texts(accuracy, "y-axis label"), ["test and train accuracy"]);
  assert.deepEqual(texts(loss, "y-axis tick label"), ["0.5", "1"]);
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
    () => learningCurves(h, { accuracy: { domain: [1, 0] } }),
    /accuracy\.domain must be finite with min < max, got \[1, 0\]/,
  );
  assert.throws(
    () => learningCurves(h, { loss: { type: "log", domain: [0, 1] } }),
    new RangeError(
      "Cannot draw learning curves: loss.domain must be positive on a log axis, got [0, 1]",
    ),
  );
  assert.throws(() => learningCurves(h, 7 as unknown as undefined), /options must be an object/);
});

Deno.test("learningCurves() rejects the retired axis options, naming the ones it takes", () => {
  const h = synthHistory(32);
  assert.throws(
    () => learningCurves(h, { accuracyDomain: [0, 1] } as never),
    new TypeError(
      "Cannot draw learning curves: accuracyDomain is not an option (the options are title, width, height, x, accuracy, loss, description), got an array of length 2",
    ),
  );
  assert.throws(() => learningCurves(h, { epochs: 30 } as never), /epochs is not an option/);
  assert.throws(
    () => learningCurves(h, { x: { max: 30 } } as never),
    /x\.max is not an option \(x takes label, domain, type, ticks\), got 30/,
  );
});

// ---------------------------------------------------------------------------
// curveGrid

Deno.test("curveGrid() draws one titled panel per history, faceted on one shared x and y scale", () => {
  const histories = BATCH_SIZES.map((b) => synthHistory(b));
  const svg = assertStandalone(curveGrid(histories));
  assert.equal(panels(svg).length, 1, "one Plot, faceted");
  for (const b of BATCH_SIZES) assert.ok(svg.includes(`>batch=${b}</text>`));
  assert.equal(linesIn(svg, TRAIN_COLOR), 8);
  assert.equal(linesIn(svg, TEST_COLOR), 8);
  // Default 4 columns: two rows, each with the one y axis of its row, the same ticks.
  const rows = yTicksPerRow(svg);
  assert.equal(rows.length, 2);
  assert.ok(rows[0].length >= 3);
  assert.deepEqual(rows[1], rows[0]);
  const columns = new Set(
    facets(svg, "line").map((f) => /translate\(([\d.]+),/.exec(f)![1]),
  );
  assert.equal(columns.size, 4);
});

Deno.test("curveGrid() honours metric, titles, columns and adds lr to titles when it varies", () => {
  const histories = [synthHistory(4), synthHistory(8, { learningRate: 0.001 })];
  const svg = assertStandalone(curveGrid(histories, { metric: "loss", columns: 1 }));
  assert.ok(svg.includes(">batch=4, lr=0.01</text>") && svg.includes(">batch=8, lr=0.001</text>"));
  assert.ok(svg.includes(">loss</text>"));
  assert.equal(yTicksPerRow(svg).length, 2, "one column: a y axis per row");
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
  assert.throws(
    () => curveGrid(histories, { yDomain: [0, 1] } as never),
    /yDomain is not an option/,
  );
  assert.throws(
    () => curveGrid(histories, { width: 200, columns: 4 }),
    /width \/ columns must leave at least 120 px per panel, got 100/,
  );
  assert.throws(() => curveGrid([]), TypeError);
});

Deno.test("curveGrid() draws an x axis under a panel with no panel below it", () => {
  const histories = [4, 8, 16].map((b) => synthHistory(b));
  const svg = curveGrid(histories, { columns: 2 }).svg;
  const axes = /aria-label="x-axis tick label"[^>]*>(.*?<\/g>)<\/g>/.exec(svg)![1];
  assert.equal(count(axes, /<g transform=/g), 2, "under batch=8 and under batch=16");
});

// ---------------------------------------------------------------------------
// seedBand

Deno.test("seedBand() draws mean curves with bands, one panel per group on a shared y", () => {
  const group = [0, 1, 2, 3, 4].map((seed) => synthHistory(32, { seed }));
  const one = assertStandalone(seedBand([group]));
  assert.equal(facets(one, "area").length, 1);
  assert.equal(count(one, /aria-label="area"/g), 2, "train and test bands");
  assert.ok(one.includes("min–max of 5 seeds"));
  const groups = [4, 32, 450].map((b) => [0, 1, 2].map((seed) => synthHistory(b, { seed })));
  const svg = assertStandalone(seedBand(groups, { band: "sd" }));
  assert.equal(facets(svg, "area").length, 3);
  assert.ok(svg.includes("±1 sd, 3 seeds"));
  assert.equal(yTicksPerRow(svg).length, 1, "one row, one shared y axis");
  assert.throws(() => seedBand([[]]), /groups\[0\] must be a non-empty array/);
  assert.throws(() => seedBand([group], { band: "iqr" as "sd" }), RangeError);
});

Deno.test("seedBand() takes groups only, and says how to pass one group", () => {
  const group = [0, 1].map((seed) => synthHistory(32, { seed }));
  assert.throws(
    () => seedBand(group as never),
    new TypeError(
      "Cannot draw seed band: groups[0] must be an array of History objects, got an object; for one group of runs, pass [runs]",
    ),
  );
  assert.throws(() => seedBand([] as never), /groups must be a non-empty array of groups/);
});

Deno.test("seedBand() lets runs that stopped early drop out of later epochs", () => {
  const runs = [synthHistory(1, { divergeAt: 5 }), synthHistory(1, { seed: 1 })];
  const svg = assertStandalone(seedBand([runs]));
  assert.ok(texts(svg, "x-axis tick label").includes("30"));
});

// ---------------------------------------------------------------------------
// Snapshots

Deno.test("learningCurves(), curveGrid() and seedBand() match their snapshots", async () => {
  await assertSnapshot(
    "learning_curves",
    learningCurves(synthHistory(32, { epochs: 12 }), { title: "batch=32" }),
  );
  await assertSnapshot(
    "learning_curves_diverged",
    learningCurves(synthHistory(1, { divergeAt: 7 }), { x: { domain: [0, 12] } }),
  );
  await assertSnapshot(
    "curve_grid",
    curveGrid(BATCH_SIZES.slice(0, 4).map((b) => synthHistory(b, { epochs: 12 }))),
  );
  await assertSnapshot(
    "curve_grid_loss",
    curveGrid([
      synthHistory(4),
      synthHistory(8, { learningRate: 0.001 }),
      synthHistory(1, { divergeAt: 9 }),
    ], {
      metric: "loss",
      columns: 2,
      y: { domain: [0.3, 1.2] },
      title: "Loss, y axis cut at 1.2",
    }),
  );
  await assertSnapshot(
    "seed_band",
    seedBand([[0, 1, 2].map((seed) => synthHistory(32, { seed, epochs: 12 }))]),
  );
  await assertSnapshot(
    "seed_band_groups",
    seedBand(
      [4, 32, 450].map((b) => [0, 1, 2].map((seed) => synthHistory(b, { seed, epochs: 12 }))),
      {
        band: "sd",
        columns: 2,
        title: "Three groups of three seeds: mean ± 1 sd",
      },
    ),
  );
});
