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
    "plotDocument",
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

Deno.test("every chart describes in words what it shows, from its data, or as told", () => {
  const h = synthHistory(32, { epochs: 12 });
  const last = h.epochs.at(-1)!;
  const curves = learningCurves(h).description;
  assert.ok(curves.startsWith("Learning curves: train and test accuracy (left panel) and loss"));
  assert.ok(curves.includes("over 12 epochs, batch size 32, learning rate 0.01"), curves);
  assert.ok(
    curves.includes(
      `Final accuracy: train ${last.accuracy.toFixed(3)}, test ${last.valAccuracy.toFixed(3)}`,
    ),
    curves,
  );
  const spread = spreadChart([{ label: "batch=4", values: [0.8, 0.82] }], {
    x: { label: "final test accuracy" },
  }).description;
  assert.ok(spread.includes("batch=4: 2 values from 0.800 to 0.820, mean 0.810"), spread);
  const map = heatmap([{ x: 4, y: 0.01, value: 0.81 }, { x: 8, y: 0.01, value: NaN }], {
    x: { label: "batch size" },
    y: { label: "learning rate" },
  }).description;
  assert.ok(map.includes("Lowest 0.810 at batch size 4, learning rate 0.01"), map);
  assert.ok(map.includes("1 cell has no value"), map);
  // A class the points do not have (only the background) is not counted among the points.
  const regions = decisionRegions(synthGrid(12), synthBlobs(30), {
    classNames: ["a", "b", "c"],
  }).description;
  assert.ok(regions.includes("30 points coloured by class (10 a, 10 b and 10 c)"), regions);
  assert.match(
    regions,
    /The model predicts a on \d+%, b on \d+% and c on \d+% of the plotted plane/,
  );
  // The option wins, and must say something.
  const own = lineChart([{ label: "x", points: [{ x: 1, y: 1 }] }], {
    description: "One point at (1, 1)",
  });
  assert.equal(own.description, "One point at (1, 1)");
  assert.ok(own.svg.includes("<desc>One point at (1, 1)</desc>"));
  assert.throws(
    () => seedBand([[h]], { description: " " }),
    new RangeError(
      'Cannot draw seed band: description must be a text that says what the chart shows, got ""',
    ),
  );
  assert.throws(() => blobsChart(synthBlobs(3), { description: 1 as never }), TypeError);
});
