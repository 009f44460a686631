/**
 * Tests of `lib/charts/line_chart.ts`. Its snapshots are test/output/line_chart*.svg, compared
 * byte for byte; after a change meant to alter a picture, look at the new one and rewrite
 * them with `UPDATE_SNAPSHOTS=1 deno test -A test/charts/line_chart_test.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { CATEGORICAL, lineChart, TEST_COLOR, TRAIN_COLOR } from "../../lib/charts/mod.ts";
import {
  assertSnapshot,
  assertStandalone,
  BATCH_SIZES,
  count,
  synthHistory,
  texts,
} from "../_fixtures.ts";

const B = [1, 4, 16, 64, 256];
const measured = {
  label: "measured",
  mark: "dots" as const,
  points: B.map((b) => ({ x: b, y: 9 / b })),
};
const law = {
  label: "law",
  mark: "line" as const,
  dashed: true,
  points: B.map((b) => ({ x: b, y: 10 / b })),
};
const logLog = { x: { type: "log", label: "batch size", ticks: B }, y: { type: "log" } } as const;

/** The strokes of the chart's line marks, one per series drawn as a line. */
function lineStrokes(svg: string): string[] {
  return [...svg.matchAll(/aria-label="line"><g [^>]*?stroke="([^"]+)"/g)].map((m) => m[1]);
}

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
  assert.deepEqual(lineStrokes(svg), [TEST_COLOR, TRAIN_COLOR], "one line per series");
  const paths = [...svg.matchAll(/aria-label="line">(.*?)<\/g><\/g>/g)].map((m) =>
    count(m[1], /<path /g)
  );
  assert.deepEqual(paths, [1, 1], "one path per series");
  assert.equal(count(svg, /<circle /g), 16, "one dot per point");
  assert.ok(svg.includes("80% target") && svg.includes('stroke-dasharray="5 4"'));
  assert.deepEqual(texts(svg, "x-axis tick label"), BATCH_SIZES.map(String));
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

Deno.test("lineChart() draws dots, dashed lines, direct labels and plain log ticks", () => {
  const chart = lineChart([measured, law], {
    ...logLog,
    title: "error by batch size",
    y: { type: "log", label: "squared error" },
    rules: [{ y: 1, label: "one" }],
    legend: [{ label: "measured", color: "#555", kind: "dot" }],
  });
  const svg = assertStandalone(chart);
  assert.equal(count(svg, /<circle/g), B.length + 1, "one dot per point + legend dot");
  assert.match(svg, /stroke-dasharray="6 4"/);
  for (const text of ["error by batch size", "measured", "law", "one", ">256<", ">0.1<", ">1<"]) {
    assert.ok(svg.includes(text), `draws ${text}`);
  }
  assert.ok(!/>\d+(\.\d+)?[kmµ]</.test(svg), "no SI-prefixed tick labels");
  assert.equal(lineChart([measured, law]).svg, lineChart([measured, law]).svg, "deterministic");
});

Deno.test("lineChart() labels a log axis without ticks at powers of ten", () => {
  const svg = lineChart([{ label: "", points: [{ x: 1, y: 0.002 }, { x: 1e5, y: 40 }] }], {
    x: { type: "log" },
    y: { type: "log" },
  }).svg;
  assert.deepEqual(texts(svg, "x-axis tick label"), ["1", "10", "100", "1000", "10000", "100000"]);
  assert.deepEqual(texts(svg, "y-axis tick label"), ["0.01", "0.1", "1", "10"]);
  const few = lineChart([{ label: "", points: [{ x: 1, y: 1 }, { x: 60, y: 2 }] }], {
    x: { type: "log" },
  }).svg;
  assert.deepEqual(texts(few, "x-axis tick label"), ["1", "2", "5", "10", "20", "50"]);
});

Deno.test("lineChart() takes a linear x axis and leaves out empty labels", () => {
  const { svg } = lineChart([
    { label: "", points: [{ x: 0, y: 3 }, { x: 200, y: 100 }], mark: "line" },
  ], { x: { label: "epoch" }, y: { type: "log", label: "B_simple" } });
  assert.ok(svg.includes("epoch") && svg.includes("B_simple"));
  assert.ok(!svg.includes('aria-label="direct labels" text-anchor="start"><text'));
});

Deno.test("lineChart() gives every series a colour of the palette, cycling past eight", () => {
  const series = Array.from({ length: 10 }, (_, i) => ({
    label: `s${i + 1}`,
    points: B.map((b) => ({ x: b, y: (i + 1) / b })),
  }));
  const strokes = lineStrokes(lineChart(series, logLog).svg);
  assert.deepEqual(strokes, [...CATEGORICAL, CATEGORICAL[0], CATEGORICAL[1]]);
  const own = lineChart([{ ...measured, color: "#123456" }, law], {
    ...logLog,
    colors: ["#abcdef"],
  });
  assert.ok(own.svg.includes('fill="#123456"') && own.svg.includes('stroke="#abcdef"'));
});

Deno.test("lineChart() draws each series as its mark says, else as the chart's mark", () => {
  const points = B.map((b) => ({ x: b, y: b }));
  const lines = lineChart([{ label: "a", points }], { mark: "line" }).svg;
  assert.equal(count(lines, /<circle /g), 0);
  assert.equal(lineStrokes(lines).length, 1);
  const dots = lineChart([{ label: "a", points }, { label: "b", points, mark: "both" }], {
    mark: "dots",
  }).svg;
  assert.equal(count(dots, /<circle /g), 2 * B.length);
  assert.equal(lineStrokes(dots).length, 1, "only b is a line");
});

Deno.test("lineChart() cuts lines at a domain narrower than the data and draws no dots outside", () => {
  const svg = lineChart([{ label: "a", points: [0, 1, 2, 3].map((x) => ({ x, y: x })) }], {
    y: { domain: [0.5, 2.5] },
  }).svg;
  assert.match(svg, /clip-path="url\(#[^"]+\)" aria-label="line"/);
  assert.equal(count(svg, /<circle /g), 2, "the points at y = 1 and y = 2");
  const label = /aria-label="direct labels"[^>]*><text [^>]*\by="([\d.]+)"/.exec(svg)!;
  assert.ok(Number(label[1]) >= 14, "labelled at its last point inside the frame");
});

Deno.test("lineChart() rejects values ≤ 0 on a log axis and bad options, naming them", () => {
  assert.throws(
    () => lineChart([{ label: "s", points: [{ x: 1, y: 0 }] }], logLog),
    new RangeError(
      'Cannot draw line chart: y.type "log" needs y > 0, got y = 0 in series[0] ("s")',
    ),
  );
  assert.throws(
    () => lineChart([{ label: "s", points: [{ x: 0, y: 1 }] }], logLog),
    /x.type "log" needs x > 0/,
  );
  assert.throws(() => lineChart([]), TypeError);
  assert.throws(
    () => lineChart([measured], { x: { type: "cube" as "log" } }),
    new RangeError('Cannot draw line chart: x.type must be "linear" or "log", got "cube"'),
  );
  assert.throws(
    () => lineChart([measured], { ...logLog, rules: [-1] }),
    new RangeError(
      "Cannot draw line chart: rules[0].y must be finite and above 0 on a log axis, got -1",
    ),
  );
  assert.throws(() => lineChart([measured], { rules: [NaN] }), /rules\[0\]\.y must be finite/);
  assert.throws(
    () => lineChart([{ ...measured, mark: "bars" as "dots" }]),
    /series\[0\]\.mark must be one of "line", "dots", "both", got "bars"/,
  );
  assert.throws(() => lineChart([measured], { x: { ticks: [1, "2"] as never } }), /x\.ticks/);
  assert.throws(() => lineChart([measured], { dots: false } as never), /dots is not an option/);
});

Deno.test("lineChart() matches its snapshots", async () => {
  await assertSnapshot(
    "line_chart",
    lineChart(
      [
        { label: "test", points: [{ x: 4, y: 0.8 }, { x: 32, y: 0.81 }, { x: 450, y: 0.83 }] },
        { label: "train", points: [{ x: 4, y: 0.84 }, { x: 32, y: 0.82 }, { x: 450, y: 0.83 }] },
      ],
      {
        x: { type: "log", ticks: [4, 32, 450], label: "batch size" },
        y: { label: "final accuracy" },
        rules: [{ y: 0.8, label: "80% target" }],
        colors: [TEST_COLOR, TRAIN_COLOR],
      },
    ),
  );
  await assertSnapshot(
    "line_chart_log",
    lineChart([measured, law], {
      ...logLog,
      title: "Dots measured, a dashed law",
      y: { type: "log", label: "squared error" },
      rules: [1],
      legend: [{ label: "measured", color: "#555", kind: "dot" }, { label: "law", color: "#555" }],
    }),
  );
});
