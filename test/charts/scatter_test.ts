/**
 * Tests of `lib/charts/scatter.ts`. Its snapshots are test/output/blobs_chart.svg and decision_regions.svg, compared
 * byte for byte; after a change meant to alter a picture, look at the new one and rewrite
 * them with `UPDATE_SNAPSHOTS=1 deno test -A test/charts/scatter_test.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { blobsChart, CATEGORICAL, decisionRegions } from "../../lib/charts/mod.ts";
import {
  assertSnapshot,
  assertStandalone,
  count,
  synthBlobs,
  synthGrid,
  texts,
} from "../_fixtures.ts";

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

Deno.test("blobsChart() takes its axes as x and y", () => {
  const blobs = synthBlobs(30);
  const svg = blobsChart(blobs, {
    x: { label: "feature 0", domain: [-12, 6], ticks: [-10, 0] },
    y: { label: "feature 1" },
  }).svg;
  assert.deepEqual(texts(svg, "x-axis label"), ["feature 0"]);
  assert.deepEqual(texts(svg, "x-axis tick label"), ["-10", "0"]);
  assert.ok(svg.includes(">feature 1</text>"));
  assert.throws(() => blobsChart(blobs, { xLabel: "a" } as never), /xLabel is not an option/);
  assert.throws(
    () => blobsChart(blobs, { x: { type: "log" } }),
    /x\.type "log" needs x > 0, got x = -\d/,
  );
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

Deno.test("blobsChart() and decisionRegions() match their snapshots", async () => {
  await assertSnapshot("blobs_chart", blobsChart(synthBlobs(30), { title: "Three blobs" }));
  await assertSnapshot("decision_regions", decisionRegions(synthGrid(12), synthBlobs(30)));
});
