import assert from "node:assert/strict";
import { markdownTable, textTable } from "../../lib/notebook/display.ts";

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
