import assert from "node:assert/strict";
import { logChart } from "../lib/log_chart.ts";

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

Deno.test("logChart() draws dots, dashed lines, direct labels and plain log ticks", () => {
  const chart = logChart([measured, law], {
    title: "error by batch size",
    x: { label: "batch size", ticks: B },
    y: { label: "squared error" },
    rules: [{ y: 1, label: "one" }],
    legend: [{ label: "measured", color: "#555", kind: "dot" }],
  });
  const { svg } = chart;
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal(
    (svg.match(/<circle/g) ?? []).length,
    B.length + 1,
    "one dot per point + legend dot",
  );
  assert.match(svg, /stroke-dasharray="6 4"/);
  for (const text of ["error by batch size", "measured", "law", "one", ">256<", ">0.1<", ">1<"]) {
    assert.ok(svg.includes(text), `draws ${text}`);
  }
  assert.ok(!/>\d+(\.\d+)?[kmµ]</.test(svg), "no SI-prefixed tick labels");
  assert.equal(logChart([measured, law]).svg, logChart([measured, law]).svg, "deterministic");
});

Deno.test("logChart() takes a linear x axis and leaves out empty labels", () => {
  const { svg } = logChart([
    { label: "", points: [{ x: 0, y: 3 }, { x: 200, y: 100 }], mark: "line" },
  ], { x: { type: "linear", label: "epoch" }, y: { label: "B_simple" } });
  assert.ok(svg.includes("epoch") && svg.includes("B_simple"));
  assert.ok(!svg.includes('aria-label="direct labels" text-anchor="start"><text'));
});

Deno.test("logChart() rejects values ≤ 0 on a log axis and bad options, naming them", () => {
  assert.throws(
    () => logChart([{ label: "s", points: [{ x: 1, y: 0 }] }]),
    /Cannot draw log chart: y.type "log" needs y > 0, got y = 0 in series\[0\] \("s"\)/,
  );
  assert.throws(
    () => logChart([{ label: "s", points: [{ x: 0, y: 1 }] }]),
    /x.type "log" needs x > 0/,
  );
  assert.throws(() => logChart([]), TypeError);
  assert.throws(() => logChart([measured], { x: { type: "cube" as "log" } }), /x.type/);
  assert.throws(() => logChart([measured], { rules: [-1] }), /rules\[0\]\.y/);
  assert.throws(() => logChart([{ ...measured, mark: "bars" as "dots" }]), /series\[0\]\.mark/);
});

Deno.test("logChart() matches its snapshot", async (t) => {
  const svg = logChart([measured, law], {
    title: "snapshot",
    x: { label: "batch size", ticks: B },
    y: { label: "squared error" },
    rules: [1],
    legend: [{ label: "measured", color: "#555", kind: "dot" }],
  }).svg;
  await t.assertSnapshot(svg.replace(/></g, ">\n<"));
});
