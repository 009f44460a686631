/**
 * What every chart shares: the {@linkcode Chart} each one returns, the
 * {@linkcode Axis} options each one takes as `x` and `y`, legend entries, and
 * the colours train, test and categories are drawn in.
 *
 * @module
 */
export { CATEGORICAL, TEST_COLOR, TRAIN_COLOR } from "./_theme.ts";

/** The key the Deno Jupyter kernel looks up to show a value as rich output. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/**
 * A chart: a standalone SVG document string, and a text description of it
 * (its alt text). `show(chart)` displays it as `image/svg+xml` and as an
 * `<img>` in `text/html` with the description as its `alt`, which JupyterLab
 * shows in an untrusted notebook too.
 */
export interface Chart {
  /**
   * A complete SVG document with `xmlns`, `width`, `height`, `viewBox`, `role="img"`, and the
   * description as its `aria-label` and `<desc>`.
   */
  readonly svg: string;
  /**
   * What the chart shows, in words: its kind, axes, series and the values a reader would read
   * off it first (final values, extremes). Derived from the chart's data; every chart takes a
   * `description` option to write it instead.
   */
  readonly description: string;
  /** Called by the Deno Jupyter kernel when a cell's last expression is the chart. */
  [JUPYTER_DISPLAY](): Record<string, string>;
}

/**
 * A quantitative axis, in Observable Plot's words for a scale: every chart
 * takes its `x` and `y` axes in this shape (learning curves, whose two panels
 * have two y axes, take them as `accuracy` and `loss`).
 */
export interface Axis {
  /** The axis label; each chart says its default (e.g. `"epoch"`); `""` draws none. */
  label?: string;
  /** `[min, max]` of the axis; defaults to the data's extent, as each chart says. */
  domain?: [number, number];
  /**
   * `"linear"` or `"log"`; a log axis needs every value above 0 and labels its
   * ticks as plain numbers (0.01, 1, 100).
   * @default {"linear"}
   */
  type?: "linear" | "log";
  /**
   * The tick values, labelled as plain numbers; defaults to Plot's choice (powers of ten, and
   * 2× and 5× or 3× between them, on a log axis).
   */
  ticks?: number[];
}

/** A categorical axis (Plot's band scale), as a heatmap's columns and rows take it. */
export interface BandAxis {
  /** The axis label; each chart says its default. */
  label?: string;
  /** The categories in order; defaults to numbers ascending, or strings in the order first seen. */
  domain?: (string | number)[];
}

/** One legend entry: a coloured swatch and its label. */
export interface LegendItem {
  /** The text beside the swatch. */
  label: string;
  /** The swatch's CSS colour. */
  color: string;
  /**
   * `"line"` (a short stroke), `"dot"` (a circle) or `"rect"` (a filled square).
   * @default {"line"}
   */
  kind?: "line" | "dot" | "rect";
}
