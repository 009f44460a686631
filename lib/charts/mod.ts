/**
 * The charts: small factories over plain data that return a
 * {@linkcode Chart}, a standalone SVG document (with `xmlns`, no HTML
 * wrapper) that the Deno Jupyter kernel shows inline and JupyterLab, the
 * HTML export and GitHub all render. Every chart is drawn with Observable
 * Plot, takes its axes as `x` and `y` in one vocabulary ({@linkcode Axis}:
 * `label`, `domain`, `type: "linear" | "log"`, `ticks`) and colours train
 * {@linkcode TRAIN_COLOR}, test {@linkcode TEST_COLOR} and categories
 * {@linkcode CATEGORICAL} alike. The same input always gives the same SVG.
 *
 * Which chart lives where:
 * - `learning_curves.ts`: {@linkcode learningCurves} (one run's accuracy and
 *   loss), {@linkcode curveGrid} (a panel per run) and {@linkcode seedBand}
 *   (a panel per group of seeds: mean and band); grids are Plot facets.
 * - `line_chart.ts`: {@linkcode lineChart}, series on linear or log axes.
 * - `spread_chart.ts`: {@linkcode spreadChart}, a dot per value and the mean, per row.
 * - `heatmap.ts`: {@linkcode heatmap}, a value per pair of categories.
 * - `scatter.ts`: {@linkcode blobsChart} and {@linkcode decisionRegions}.
 * - `chart.ts`: {@linkcode Chart}, {@linkcode Axis}, {@linkcode BandAxis},
 *   {@linkcode LegendItem} and the colours.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineChart } from "./mod.ts";
 *
 * const chart = lineChart([
 *   { label: "batch=32", points: [{ x: 1, y: 0.5 }, { x: 2, y: 0.7 }, { x: 3, y: 0.8 }] },
 * ], { x: { label: "epoch" }, y: { label: "test accuracy" }, rules: [0.8] });
 * assert.ok(chart.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
 * chart; // the last expression of a notebook cell is shown as image/svg+xml
 * ```
 *
 * @module
 */
export * from "./chart.ts";
export * from "./heatmap.ts";
export * from "./learning_curves.ts";
export * from "./line_chart.ts";
export * from "./plot_document.ts";
export * from "./scatter.ts";
export * from "./spread_chart.ts";
