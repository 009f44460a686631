/**
 * Tests of `lib/charts/spread_chart.ts`. Its snapshots are test/output/spread_chart.svg, compared
 * byte for byte; after a change meant to alter a picture, look at the new one and rewrite
 * them with `UPDATE_SNAPSHOTS=1 deno test -A test/charts/spread_chart_test.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { CATEGORICAL, spreadChart } from "../../lib/charts/mod.ts";
import {
  assertSnapshot,
  assertStandalone,
  BATCH_SIZES,
  count,
  synthHistory,
  texts,
} from "../_fixtures.ts";

const rows = BATCH_SIZES.slice(0, 3).map((b) => ({
  label: `batch=${b}`,
  values: [0, 1, 2, 3].map((seed) => synthHistory(b, { seed }).test.accuracy),
}));

Deno.test("spreadChart() draws one dot per value and a mean tick per row", () => {
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

Deno.test("spreadChart() leaves out the means, takes a log axis and rejects bad options", () => {
  const svg =
    spreadChart(rows, { showMean: false, x: { type: "log", ticks: [0.7, 0.8, 0.9] } }).svg;
  assert.ok(!svg.includes('aria-label="rule"') && !svg.includes(">mean</text>"));
  assert.deepEqual(texts(svg, "x-axis tick label"), ["0.7", "0.8", "0.9"]);
  assert.throws(
    () => spreadChart(rows, { showMean: "yes" as never }),
    new TypeError('Cannot draw spread chart: showMean must be a boolean, got "yes"'),
  );
  assert.throws(
    () => spreadChart([{ label: "a", values: [0, 1] }], { x: { type: "log" } }),
    /x\.type "log" needs x > 0, got x = 0 in rows\[0\] \("a"\)/,
  );
  assert.throws(() => spreadChart([]), TypeError);
});

Deno.test("spreadChart() matches its snapshot", async () => {
  await assertSnapshot(
    "spread_chart",
    spreadChart([{ label: "a", values: [0.8, 0.81, 0.83] }, { label: "b", values: [0.7, 0.75] }], {
      title: "Final test accuracy of each seed",
      x: { label: "final test accuracy" },
    }),
  );
});
