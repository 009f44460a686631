import * as Plot from "@observablehq/plot";
import assert from "node:assert/strict";
import {
  chartSvg,
  markdownTable,
  plotDocument,
  show,
  textTable,
} from "../../lib/notebook/display.ts";

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
