/**
 * Showing a chart (and tables, and text that wraps between words) in a Deno
 * notebook so that it reliably reaches the saved notebook and its HTML
 * export, and shows in an untrusted notebook too.
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
import { chartBundle } from "../charts/_img.ts";

/** Anything with an SVG document, like the charts of `charts/`. */
export interface Showable {
  readonly svg: string;
  /**
   * What the chart shows, in words: the `alt` text of its image. Every chart of `charts/` has
   * one; without it, what the SVG says of itself is used (see {@linkcode chartDisplay}).
   */
  readonly description?: string;
}

/** Options of {@linkcode show}. */
export interface ShowOptions {
  /** The image's text description (its `alt`), instead of the chart's own `description`. */
  description?: string;
}

/** What `Plot.plot({ document: plotDocument, ... })` returns: an `<svg>` element. */
export interface PlotElement {
  readonly outerHTML: string;
}

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
 * import { plotDocument } from "../charts/plot_document.ts";
 * import { chartSvg } from "./display.ts";
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
 * The output metadata key under which {@linkcode show} records a chart's
 * description: `metadata["image/svg+xml"].alt`. The HTML template writes it as
 * the chart's `<img alt>`.
 */
export const ALT_METADATA = "alt";

/**
 * Shows a chart under the running cell and waits until it has been sent. The
 * output carries the SVG twice: as `image/svg+xml`, and as an `<img>` with a
 * `data:` URL and the chart's description as `alt` in `text/html`, which
 * JupyterLab prefers and shows even when the notebook is not trusted (someone
 * sent it to you executed), where it draws no `image/svg+xml` at all. The
 * description is also the output's `metadata["image/svg+xml"].alt`. Outside
 * the Deno kernel (`deno run`, `deno test`) it does nothing.
 *
 * @param chart A chart, such as `learningCurves(history)` returns, or the
 *   `<svg>` that `Plot.plot({ document: plotDocument, ... })` returns.
 * @param options `description`: the alt text, instead of the chart's own.
 * @returns A promise that resolves once the chart is sent.
 * @throws {TypeError} When `chart` has no SVG string, or a description is not a string.
 * @throws {RangeError} When a description is empty.
 *
 * @example
 * ```ts
 * import { show } from "./display.ts";
 * await show({
 *   svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
 *   description: "A blank square",
 * });
 * ```
 */
export async function show(
  chart: Showable | PlotElement,
  options: ShowOptions = {},
): Promise<void> {
  const { data, metadata } = chartDisplay(chart, options);
  const kernel = jupyter();
  if (kernel === undefined) return; // Not in the kernel: there is no notebook to show it in.
  await kernel.broadcast("display_data", { data, metadata, transient: {} });
  await flush();
}

/**
 * What {@linkcode show} sends for a chart: the MIME bundle (`image/svg+xml`,
 * and `text/html` with the `<img>`) and the metadata with its description.
 * The description is `options.description`, else the chart's `description`,
 * else what its SVG says of itself (`aria-description`, as Plot writes its
 * `ariaDescription` option; `<desc>`; `aria-label`; `<title>`), else `"chart"`.
 *
 * @param chart A chart, such as `learningCurves(history)` returns.
 * @param options `description`: the alt text, instead of the chart's own.
 * @returns The output's `data` and `metadata`.
 * @throws {TypeError} When `chart` has no SVG string, or a description is not a string.
 * @throws {RangeError} When a description is empty.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chartDisplay } from "./display.ts";
 * const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>';
 * const { data, metadata } = chartDisplay({ svg }, { description: "A blank square" });
 * assert.deepEqual(Object.keys(data), ["image/svg+xml", "text/html"]);
 * assert.deepEqual(metadata, { "image/svg+xml": { alt: "A blank square" } });
 * ```
 */
export function chartDisplay(
  chart: Showable | PlotElement,
  options: ShowOptions = {},
): { data: Record<string, string>; metadata: Record<string, Record<string, string>> } {
  const what = "Cannot show chart";
  const svg = chartSvg(chart);
  if (options === null || typeof options !== "object") {
    typeFail(what, `options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  const description = checkDescription(what, "options.description", options.description) ??
    checkDescription(what, "chart.description", "svg" in chart ? chart.description : undefined) ??
    svgName(svg);
  const described = describedSvg(svg, description);
  return {
    data: chartBundle(described, description),
    metadata: { "image/svg+xml": { [ALT_METADATA]: description } },
  };
}

/**
 * The SVG with its description inside it, as the charts of `lib/charts` carry
 * theirs (`role="img"`, `aria-label`, `<desc>`), for an SVG that has no
 * `<desc>` yet, such as the `<svg>` a notebook draws with Plot.
 */
function describedSvg(svg: string, description: string): string {
  if (svg.includes("<desc>")) return svg;
  const text = escapeHtml(description).replaceAll('"', "&quot;");
  return svg.replace(/^(\s*<svg\b)([^>]*?)(\/?)>/, (_, open, attributes, selfClosing) => {
    const role = /\srole=/.test(attributes) ? "" : ` role="img"`;
    const label = /\saria-label=/.test(attributes) ? "" : ` aria-label="${text}"`;
    const desc = `<desc>${text}</desc>`;
    return `${open}${role}${label}${attributes}>${desc}${selfClosing ? "</svg>" : ""}`;
  });
}

function checkDescription(what: string, name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") typeFail(what, `${name} must be a string, got ${typeof value}`);
  if (value.trim() === "") rangeFail(what, `${name} must say what the chart shows, got ""`);
  return value.trim();
}

/** What an SVG document says of itself: `aria-description`, `<desc>`, `aria-label`, `<title>`. */
function svgName(svg: string): string {
  const open = /^\s*<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const found = [
    /\saria-description="([^"]+)"/.exec(open)?.[1],
    /<desc>([^<]+)<\/desc>/.exec(svg)?.[1],
    /\saria-label="([^"]+)"/.exec(open)?.[1],
    /<title>([^<]+)<\/title>/.exec(svg)?.[1],
  ].find((text) => text !== undefined && text.trim() !== "");
  if (found === undefined) return "chart";
  return found.trim().replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * The style of {@linkcode showText}'s `<pre>`: lines wrap between words only.
 * JupyterLab (and its HTML export) style printed output with
 * `word-break: break-all`, which breaks a long line inside a word ("accur|acy").
 */
const TEXT_STYLE = "white-space: pre-wrap; word-break: normal; overflow-wrap: break-word; " +
  // As JupyterLab lays out printed lines: no margins (an HTML <pre> has 1.5em 2em), the code
  // padding and line height. Each property is one JupyterLab's sanitizer keeps, untrusted too.
  "margin-top: 0; margin-bottom: 0; margin-left: 0; margin-right: 0; padding-left: 0.6em; " +
  "line-height: 1.3077";

/** The class of {@linkcode showText}'s `<pre>`: the HTML pages show it as printed lines. */
export const TEXT_CLASS = "printed";

/**
 * Shows text under the running cell as printed lines do, but wrapping a long
 * line only between words: `text/html` (a `<pre>` styled so, which JupyterLab
 * keeps in an untrusted notebook too) with the text as `text/plain`. Claim
 * lines are shown this way. Outside the kernel it prints the text.
 *
 * @param text The text; lines are separated by `\n`.
 * @returns A promise that resolves once the text is sent.
 * @throws {TypeError} When `text` is not a string.
 *
 * @example
 * ```ts
 * import { showText } from "./display.ts";
 * await showText("✓ batch 32 ends above 0.8 (test accuracy: 0.816)");
 * ```
 */
export async function showText(text: string): Promise<void> {
  if (typeof text !== "string") {
    typeFail("Cannot show text", `text must be a string, got ${typeof text}`);
  }
  const kernel = jupyter();
  if (kernel === undefined) {
    console.log(text);
    return;
  }
  const html = `<pre class="${TEXT_CLASS}" style="${TEXT_STYLE}">${escapeHtml(text)}</pre>`;
  await kernel.display({ "text/html": html, "text/plain": text }, { raw: true });
  await flush();
}

function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
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
