import * as Plot from "@observablehq/plot";
import assert from "node:assert/strict";
import {
  chartDisplay,
  chartSvg,
  markdownTable,
  show,
  showText,
  textTable,
} from "../../lib/notebook/display.ts";
import { lineChart, plotDocument } from "../../lib/charts/mod.ts";

Deno.test("markdownTable() right-aligns numeric columns, left-aligns text and escapes pipes", () => {
  const md = markdownTable(
    ["configuration", "test", "Δ"],
    [["batch=500 | lr=0.01", "0.830", "−0.004"], ["batch=4", 0.79, "+0.012"]],
  );
  assert.equal(
    md,
    [
      "| configuration | test | Δ |",
      "| :--- | ---: | ---: |",
      "| batch=500 &#124; lr=0.01 | 0.830 | −0.004 |",
      "| batch=4 | 0.79 | +0.012 |",
    ].join("\n"),
  );
});

Deno.test("textTable() pads every column to its widest cell", () => {
  const text = textTable(["batch", "seeds saturated"], [[1, "3 of 10"], [500, "10 of 10"]]);
  assert.deepEqual(text.split("\n"), [
    "batch  seeds saturated",
    "    1  3 of 10",
    "  500  10 of 10",
  ]);
});

Deno.test("markdownTable() and textTable() reject rows of the wrong width", () => {
  assert.throws(() => markdownTable([], []), /columns must be a non-empty array/);
  assert.throws(() => markdownTable(["a", "b"], [["x"]]), /rows\[0\] must have 2 cells, got 1/);
  assert.throws(() => textTable(["a"], "x" as never), TypeError);
});

Deno.test("chartSvg() gives a Plot <svg> drawn into plotDocument the xmlns an <img> needs", () => {
  const element = Plot.plot({ document: plotDocument, marks: [Plot.lineY([0.5, 0.7, 0.8])] });
  assert.doesNotMatch(element.outerHTML, /xmlns=/, "linkedom leaves the namespace out");
  const svg = chartSvg(element);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
  assert.equal(svg.replace(' xmlns="http://www.w3.org/2000/svg"', ""), element.outerHTML);
  assert.equal(chartSvg({ svg: "<svg/>" }), "<svg/>", "a lib chart's svg as it is");
});

Deno.test("chartSvg() and show() reject Plot's HTML <figure> and things that are no chart", async () => {
  const figure = Plot.plot({ document: plotDocument, title: "t", marks: [Plot.lineY([1, 2])] });
  assert.throws(() => chartSvg(figure), /Cannot show chart: Plot drew an HTML <figure>/);
  assert.throws(
    () => chartSvg(null as never),
    /must have an svg string or be a Plot <svg> element/,
  );
  await assert.rejects(() => show({ svg: 3 } as never), TypeError);
});

const SQUARE = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>';

Deno.test("chartDisplay() sends a chart as SVG and as an <img> whose alt is its description", () => {
  const chart = lineChart([{ label: "test", points: [{ x: 1, y: 0.5 }, { x: 2, y: 0.8 }] }], {
    x: { label: "epoch" },
    y: { label: "accuracy" },
  });
  const { data, metadata } = chartDisplay(chart);
  assert.equal(data["image/svg+xml"], chart.svg);
  assert.match(
    data["text/html"],
    /^<img class="chart" src="data:image\/svg\+xml,%3Csvg|^<img class="chart" src="data:image\/svg\+xml,<svg /,
  );
  assert.ok(data["text/html"].endsWith(` alt="${chart.description}">`));
  assert.deepEqual(metadata, { "image/svg+xml": { alt: chart.description } });
  assert.match(
    chart.description,
    /^Line chart: accuracy against epoch, 1 series\. test \(line, 2 points/,
  );
  // The option wins over the chart's own description.
  const own = chartDisplay(chart, { description: "Accuracy rises from 0.5 to 0.8" });
  assert.deepEqual(own.metadata, { "image/svg+xml": { alt: "Accuracy rises from 0.5 to 0.8" } });
});

Deno.test("chartDisplay() of an SVG without a description reads what the SVG says of itself", () => {
  const alt = (svg: string) => chartDisplay({ svg }).metadata["image/svg+xml"].alt;
  // Plot's ariaDescription option, then <desc>, aria-label, <title>; else "chart".
  assert.equal(
    alt(SQUARE.replace("<svg ", '<svg aria-description="A black square &amp; more" ')),
    "A black square & more",
  );
  assert.equal(
    alt(SQUARE.replace("<rect/>", "<desc>A black square</desc><rect/>")),
    "A black square",
  );
  assert.equal(alt(SQUARE.replace("<svg ", '<svg aria-label="square" ')), "square");
  assert.equal(alt(SQUARE), "chart");
});

Deno.test("show() rejects a chart without SVG or an empty description before sending anything", async () => {
  await assert.rejects(() => show({} as never), /Cannot show chart: chart must have an svg string/);
  await assert.rejects(
    () => show({ svg: SQUARE }, { description: "  " }),
    new RangeError('Cannot show chart: options.description must say what the chart shows, got ""'),
  );
  await assert.rejects(
    () => show({ svg: SQUARE, description: 3 as never }),
    new TypeError("Cannot show chart: chart.description must be a string, got number"),
  );
  await show({ svg: SQUARE, description: "A black square" }); // outside the kernel: nothing
});

Deno.test("showText() prints outside the kernel and rejects what is not text", async () => {
  await assert.rejects(() => showText(5 as never), TypeError);
  const log = console.log;
  const printed: string[] = [];
  console.log = (line: string) => printed.push(line);
  try {
    await showText("✓ a claim");
  } finally {
    console.log = log;
  }
  assert.deepEqual(printed, ["✓ a claim"]);
});

Deno.test("chartDisplay() writes the description into a Plot <svg> that has none, as the charts carry theirs", () => {
  const element = Plot.plot({
    document: plotDocument,
    ariaDescription: "Accuracy after each epoch",
    marks: [Plot.lineY([0.5, 0.7, 0.8])],
  });
  const { data, metadata } = chartDisplay(element);
  const svg = data["image/svg+xml"];
  assert.match(svg, /^<svg role="img" aria-label="Accuracy after each epoch" xmlns=/);
  assert.ok(svg.includes("<desc>Accuracy after each epoch</desc>"), "the <desc>");
  assert.deepEqual(metadata, { "image/svg+xml": { alt: "Accuracy after each epoch" } });
  // A self-closing <svg> stays well-formed.
  const square = chartDisplay({ svg: '<svg xmlns="http://www.w3.org/2000/svg"/>' }, {
    description: 'A "square" & more',
  }).data["image/svg+xml"];
  assert.equal(
    square,
    '<svg role="img" aria-label="A &quot;square&quot; &amp; more" xmlns="http://www.w3.org/2000/svg">' +
      "<desc>A &quot;square&quot; &amp; more</desc></svg>",
  );
});
