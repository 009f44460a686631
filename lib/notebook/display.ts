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
import { flush, jupyter } from "./progress.ts";
import { rangeFail, typeFail } from "../_validate.ts";

/** Anything with an SVG document, like the charts of `charts/`. */
export interface Showable {
  readonly svg: string;
}

/**
 * Shows a chart under the running cell, as `image/svg+xml`, and waits until
 * it has been sent. Outside the Deno kernel (`deno run`, `deno test`) it does
 * nothing.
 *
 * @param chart A chart, such as `learningCurves(history)` returns.
 * @returns A promise that resolves once the chart is sent.
 *
 * @example
 * ```ts
 * import { show } from "./display.ts";
 * await show({ svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>' });
 * ```
 */
export async function show(chart: Showable): Promise<void> {
  if (chart === null || typeof chart !== "object" || typeof chart.svg !== "string") {
    throw new TypeError(`Cannot show chart: chart must have an svg string, got ${typeof chart}`);
  }
  const kernel = jupyter();
  if (kernel === undefined) return; // Not in the kernel: there is no notebook to show it in.
  await kernel.display({ "image/svg+xml": chart.svg }, { raw: true });
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
