/**
 * Showing a chart in a Deno notebook so that it reliably reaches the saved
 * notebook and its HTML export.
 *
 * A chart left as a cell's last expression is shown by the kernel, but Deno
 * 2.9's kernel may send it after the cell has already ended, and then Jupyter
 * drops it (see `progress.ts` for the measurements). {@linkcode show} sends
 * the chart as `display_data` and waits until it has left the kernel.
 *
 * @module
 */
import type * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { flush, jupyter } from "./progress.ts";
import { rangeFail, typeFail } from "../_validate.ts";

/** Anything with an SVG document, like the charts of `charts/`. */
export interface Showable {
  readonly svg: string;
}

/** What `Plot.plot({ document: plotDocument, ... })` returns: an `<svg>` element. */
export interface PlotElement {
  readonly outerHTML: string;
}

/**
 * A document for Observable Plot to draw into: Deno has no DOM, so
 * `Plot.plot` needs one passed as its `document` option. This is a linkedom
 * document, the one `lib/charts` draws its charts with. Introduced by
 * notebook 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { plotDocument } from "./display.ts";
 * const svg = Plot.plot({ document: plotDocument, marks: [Plot.lineY([1, 3, 2])] });
 * assert.match(svg.outerHTML, /^<svg/);
 * ```
 */
export const plotDocument: NonNullable<Plot.PlotOptions["document"]> = (parseHTML(
  "<!DOCTYPE html><html><head></head><body></body></html>",
) as unknown as { document: NonNullable<Plot.PlotOptions["document"]> }).document;

/** The SVG namespace, which linkedom leaves out of Plot's `<svg>` and an `<img>` needs. */
const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * The standalone SVG document {@linkcode show} sends for a chart: its `svg`,
 * or the markup of a Plot `<svg>` element with the `xmlns` that linkedom
 * leaves out (JupyterLab and the HTML pages show a chart as an `<img>`, which
 * needs it).
 *
 * @param chart A chart of `lib/charts`, or what `Plot.plot({ document: plotDocument, ... })` returns.
 * @returns The SVG document as text.
 * @throws {TypeError} When `chart` is neither, e.g. Plot's HTML `<figure>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { chartSvg, plotDocument } from "./display.ts";
 * const svg = chartSvg(Plot.plot({ document: plotDocument, marks: [Plot.dot([[1, 2]])] }));
 * assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
 * ```
 */
export function chartSvg(chart: Showable | PlotElement): string {
  if (chart !== null && typeof chart === "object" && "svg" in chart) {
    if (typeof chart.svg === "string") return chart.svg;
  } else if (chart !== null && typeof chart === "object" && typeof chart.outerHTML === "string") {
    const markup = chart.outerHTML;
    if (!markup.startsWith("<svg")) {
      throw new TypeError(
        "Cannot show chart: Plot drew an HTML <figure>, not an <svg> (a title, subtitle, caption " +
          "or legend makes one); draw labels as marks instead",
      );
    }
    return markup.includes(" xmlns=") ? markup : markup.replace(/^<svg/, `<svg xmlns="${SVG_NS}"`);
  }
  throw new TypeError(
    `Cannot show chart: chart must have an svg string or be a Plot <svg> element, got ${
      chart === null ? "null" : typeof chart
    }`,
  );
}

/**
 * Shows a chart under the running cell, as `image/svg+xml`, and waits until
 * it has been sent. Outside the Deno kernel (`deno run`, `deno test`) it does
 * nothing.
 *
 * @param chart A chart, such as `learningCurves(history)` returns, or the
 *   `<svg>` that `Plot.plot({ document: plotDocument, ... })` returns.
 * @throws {TypeError} When `chart` is neither, e.g. Plot's HTML `<figure>`.
 * @returns A promise that resolves once the chart is sent.
 *
 * @example
 * ```ts
 * import { show } from "./display.ts";
 * await show({ svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>' });
 * ```
 */
export async function show(chart: Showable | PlotElement): Promise<void> {
  const svg = chartSvg(chart);
  const kernel = jupyter();
  if (kernel === undefined) return; // Not in the kernel: there is no notebook to show it in.
  await kernel.display({ "image/svg+xml": svg }, { raw: true });
  await flush();
}

/** A table cell: text as it is, a number as written (format it first for fixed decimals). */
export type TableCell = string | number;

/**
 * A table as Markdown, for a notebook's `text/markdown` output: a header row,
 * the alignment row (numbers right-aligned, text left), then one row per
 * entry. A `|` inside a cell is escaped.
 *
 * @param columns The column headings.
 * @param rows One array of cells per row, as many as there are columns.
 * @returns The Markdown source.
 * @throws {RangeError} When there are no columns or a row has another number of cells.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { markdownTable } from "./display.ts";
 * assert.equal(
 *   markdownTable(["batch", "test"], [[500, "0.830"], [32, "0.812"]]),
 *   "| batch | test |\n| ---: | ---: |\n| 500 | 0.830 |\n| 32 | 0.812 |",
 * );
 * ```
 */
export function markdownTable(columns: string[], rows: TableCell[][]): string {
  checkTable("Cannot format table", columns, rows);
  // A pipe inside a cell as an HTML entity: every renderer reads it, where some markdown renderers
  // (mistune 0.8, behind Debian's nbconvert 6.5) split a cell at `\|` anyway.
  const escape = (cell: TableCell) => String(cell).replaceAll("|", "&#124;");
  const numeric = columns.map((_, c) => rows.length > 0 && rows.every((r) => isNumeric(r[c])));
  return [
    `| ${columns.map(escape).join(" | ")} |`,
    `| ${numeric.map((n) => (n ? "---:" : ":---")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(escape).join(" | ")} |`),
  ].join("\n");
}

/**
 * The same table as aligned plain text, the fallback of {@linkcode showTable}
 * (and what it prints outside the kernel).
 *
 * @param columns The column headings.
 * @param rows One array of cells per row.
 * @returns The lines joined by newlines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { textTable } from "./display.ts";
 * assert.equal(textTable(["batch", "test"], [[500, "0.830"], [32, "0.812"]]),
 *   "batch   test\n  500  0.830\n   32  0.812");
 * ```
 */
export function textTable(columns: string[], rows: TableCell[][]): string {
  checkTable("Cannot format table", columns, rows);
  const numeric = columns.map((_, c) => rows.length > 0 && rows.every((r) => isNumeric(r[c])));
  const widths = columns.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: TableCell[]) =>
    cells.map((cell, c) => {
      const text = String(cell);
      return numeric[c] ? text.padStart(widths[c]) : text.padEnd(widths[c]);
    }).join("  ").trimEnd();
  return [line(columns), ...rows.map(line)].join("\n");
}

/**
 * Shows a table under the running cell as a rendered table (`text/markdown`,
 * with the aligned text as the `text/plain` fallback) and waits until it has
 * been sent. Outside the Deno kernel it prints the text.
 *
 * @param columns The column headings.
 * @param rows One array of cells per row.
 * @returns A promise that resolves once the table is sent.
 *
 * @example
 * ```ts
 * import { showTable } from "./display.ts";
 * await showTable(["batch", "test accuracy"], [[500, "0.830"]]);
 * ```
 */
export async function showTable(columns: string[], rows: TableCell[][]): Promise<void> {
  const markdown = markdownTable(columns, rows);
  const text = textTable(columns, rows);
  const kernel = jupyter();
  if (kernel === undefined) {
    console.log(text);
    return;
  }
  await kernel.display({ "text/markdown": markdown, "text/plain": text }, { raw: true });
  await flush();
}

/** Whether a cell reads as a number (a number, or text like "0.830", "−0.1" or "12%"). */
function isNumeric(cell: TableCell): boolean {
  return typeof cell === "number" || /^[−+-]?\d[\d,]*(\.\d+)?(e[+-]?\d+)?%?$/.test(cell);
}

function checkTable(context: string, columns: unknown, rows: unknown): void {
  if (!Array.isArray(columns) || columns.length === 0) {
    rangeFail(context, `columns must be a non-empty array of headings`);
  }
  if (!Array.isArray(rows)) {
    typeFail(context, `rows must be an array of rows, got ${typeof rows}`);
  }
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== columns.length) {
      rangeFail(
        context,
        `rows[${i}] must have ${columns.length} cells, got ${
          Array.isArray(row) ? row.length : typeof row
        }`,
      );
    }
  });
}
