/**
 * Tests of `lib/charts/heatmap.ts`. Its snapshots are test/output/heatmap.svg, compared
 * byte for byte; after a change meant to alter a picture, look at the new one and rewrite
 * them with `UPDATE_SNAPSHOTS=1 deno test -A test/charts/heatmap_test.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { heatmap } from "../../lib/charts/mod.ts";
import { assertSnapshot, assertStandalone, count } from "../_fixtures.ts";

const lrs = [0.001, 0.01, 0.1];
const cells = [4, 32, 450].flatMap((b, i) =>
  lrs.map((lr, j) => ({ x: b, y: lr, value: i === 0 && j === 2 ? NaN : 0.6 + 0.03 * (i + j) }))
);

Deno.test("heatmap() prints each value in its cell with a swatch legend and an overlay", () => {
  const svg = assertStandalone(heatmap(cells, {
    x: { label: "batch size" },
    y: { label: "learning rate" },
    overlay: { points: [{ x: 4, y: 0.001 }, { x: 32, y: 0.01 }], label: "lr ∝ batch" },
  }));
  assert.equal(count(svg, /<rect [^>]*height="40"/g) + count(svg, /<rect [^>]*height="39"/g), 9);
  assert.ok(
    svg.includes(">0.600</text>") && svg.includes(">0.720</text>") && svg.includes(">–</text>"),
  );
  assert.ok(svg.includes('fill="#e6e6e6"'), "a grey cell where the value is NaN");
  const legend = /aria-label="legend"[^>]*>(.*?)<\/g>/.exec(svg)![1];
  assert.equal(count(legend, /<rect /g), 5);
  assert.ok(legend.includes("lr ∝ batch"));
  assert.equal(count(svg, /aria-label="line"/g), 1);
  assert.throws(
    () => heatmap(cells, { overlay: { points: [{ x: 5, y: 0.001 }] } }),
    /overlay\[0\]\.points\[0\] must name an x and a y category, got 5, 0.001/,
  );
  assert.throws(
    () => heatmap(cells, { color: { scheme: "nope" } }),
    /color\.scheme must be an Observable Plot colour scheme name, got "nope"/,
  );
  assert.throws(() => heatmap([{ x: {}, y: 1, value: 1 }] as never), TypeError);
  assert.throws(
    () => heatmap([...cells, { x: 4, y: 0.01, value: 1 }]),
    /cells\[9\] repeats the cell x = 4, y = 0.01/,
  );
});

Deno.test("heatmap() takes the colour scale's domain and the categories' order", () => {
  const svg = heatmap(cells, {
    color: { domain: [0, 1] },
    y: { domain: [0.1, 0.01, 0.001] },
    format: (v) => `${Math.round(v * 100)}%`,
  }).svg;
  const legend = /aria-label="legend"[^>]*>(.*?)<\/g>/.exec(svg)![1];
  assert.deepEqual([...legend.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]), [
    "0%",
    "25%",
    "50%",
    "75%",
    "100%",
  ]);
  assert.ok(svg.includes(">60%</text>"));
  assert.throws(
    () => heatmap(cells, { y: { domain: [0.1, 0.01] } }),
    /y\.domain must list every cell's y, missing 0.001/,
  );
  assert.throws(() => heatmap(cells, { domain: [0, 1] } as never), /domain is not an option/);
  assert.throws(() => heatmap(cells, { format: 3 as never }), /format must be a function/);
});

Deno.test("heatmap() matches its snapshot", async () => {
  await assertSnapshot(
    "heatmap",
    heatmap([
      { x: "a", y: 1, value: 0.5 },
      { x: "b", y: 1, value: 0.7 },
      { x: "a", y: 2, value: 0.9 },
      { x: "b", y: 2, value: NaN },
    ], {
      title: "A value per pair",
      overlay: { points: [{ x: "a", y: 1 }, { x: "b", y: 1 }], label: "a line" },
    }),
  );
});
