/**
 * What every chart shares; each chart's own tests are in `charts_<module>_test.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import * as charts from "../../lib/charts/mod.ts";
import * as lib from "../../lib/mod.ts";
import {
  blobsChart,
  type Chart,
  curveGrid,
  decisionRegions,
  heatmap,
  learningCurves,
  lineChart,
  seedBand,
  spreadChart,
} from "../../lib/charts/mod.ts";
import {
  assertStandalone,
  BATCH_SIZES,
  prettySvg,
  synthBlobs,
  synthGrid,
  synthHistory,
} from "../_fixtures.ts";

function everyChart(): Record<string, Chart> {
  const histories = BATCH_SIZES.slice(0, 4).map((b) => synthHistory(b, { epochs: 12 }));
  return {
    learningCurves: learningCurves(synthHistory(32, { epochs: 12 }), { title: "batch=32" }),
    curveGrid: curveGrid(histories),
    seedBand: seedBand([[0, 1, 2].map((seed) => synthHistory(32, { seed, epochs: 12 }))]),
    spreadChart: spreadChart([{ label: "a", values: [0.8, 0.81] }, { label: "b", values: [0.7] }]),
    lineChart: lineChart(
      [{ label: "test", points: [{ x: 4, y: 0.8 }, { x: 32, y: 0.81 }, { x: 450, y: 0.83 }] }],
      { x: { type: "log", ticks: [4, 32, 450], label: "batch size" }, rules: [0.8] },
    ),
    heatmap: heatmap([{ x: "a", y: 1, value: 0.5 }, { x: "b", y: 1, value: NaN }]),
    blobsChart: blobsChart(synthBlobs(30)),
    decisionRegions: decisionRegions(synthGrid(12), synthBlobs(30)),
  };
}

Deno.test("every chart is a standalone SVG and byte-identical for the same input", () => {
  const a = everyChart();
  const b = everyChart();
  for (const name of Object.keys(a)) {
    assertStandalone(a[name]);
    assert.equal(a[name].svg, b[name].svg, name);
  }
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
  assertStandalone(curveGrid([synthHistory(2)], { titles: [odd], y: { label: odd } }));
  const svg = assertStandalone(learningCurves(synthHistory(2), { title: odd }));
  assert.ok(svg.includes("a &amp; b &lt;&quot;c&quot;&gt;"));
});

Deno.test("every chart takes its axes in one shape and rejects a malformed one, naming it", () => {
  const h = synthHistory(4);
  const bad = { x: "epoch" } as never;
  const calls: [string, () => unknown][] = [
    ["learning curves", () => learningCurves(h, bad)],
    ["curve grid", () => curveGrid([h], bad)],
    ["seed band", () => seedBand([[h]], bad)],
    ["spread chart", () => spreadChart([{ label: "a", values: [1] }], bad)],
    ["line chart", () => lineChart([{ label: "a", points: [] }], bad)],
    ["heatmap", () => heatmap([{ x: 1, y: 1, value: 1 }], bad)],
    ["blobs chart", () => blobsChart(synthBlobs(3), bad)],
  ];
  for (const [what, call] of calls) {
    assert.throws(call, (e: Error) => {
      assert.ok(e instanceof TypeError, what);
      assert.match(
        e.message,
        new RegExp(`^Cannot draw ${what}: x must be an object \\{ label, domain`),
      );
      assert.match(e.message, /got "epoch"$/);
      return true;
    });
  }
});

Deno.test("lib/mod.ts exports every chart export, and the charts' module nothing private", () => {
  for (const [name, value] of Object.entries(charts)) {
    assert.equal((lib as Record<string, unknown>)[name], value, name);
  }
  assert.deepEqual(Object.keys(charts).sort(), [
    "CATEGORICAL",
    "JUPYTER_DISPLAY",
    "TEST_COLOR",
    "TRAIN_COLOR",
    "blobsChart",
    "curveGrid",
    "decisionRegions",
    "heatmap",
    "learningCurves",
    "lineChart",
    "seedBand",
    "spreadChart",
  ]);
});

Deno.test("prettySvg() puts each element on a line but leaves text content alone", () => {
  assert.equal(
    prettySvg('<svg><g><text x="1">a<tspan>b</tspan></text><line/></g></svg>'),
    '<svg>\n<g>\n<text x="1">a<tspan>b</tspan></text>\n<line/>\n</g>\n</svg>\n',
  );
});
