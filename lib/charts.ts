/**
 * Chart helpers for the notebooks: small factories over plain data that
 * return a {@linkcode Chart}, a standalone SVG document the Deno Jupyter
 * kernel shows inline when a cell's last expression is the chart.
 *
 * Every chart is pure SVG drawn with Observable Plot on a linkedom document:
 * no HTML `<figure>`, no canvas. Legends and titles are SVG text. Colours are
 * the same everywhere: train {@linkcode TRAIN_COLOR} (blue), test
 * {@linkcode TEST_COLOR} (orange), and {@linkcode CATEGORICAL} for classes and
 * batch sizes. The same input always gives byte-identical SVG.
 *
 * @example
 * ```ts
 * import { lineChart } from "./charts.ts";
 *
 * const chart = lineChart([
 *   { label: "batch=32", points: [{ x: 1, y: 0.5 }, { x: 2, y: 0.7 }, { x: 3, y: 0.8 }] },
 * ], { x: { label: "epoch" }, y: { label: "test accuracy" }, rules: [0.8] });
 * console.assert(chart.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
 * chart; // the last expression of a notebook cell is shown as image/svg+xml
 * ```
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { History } from "./types.ts";
import {
  type Chart,
  chartHeader,
  composeSvg,
  directLabels,
  horizontalRules,
  type LegendItem,
  makeChart,
  type PanelElement,
  type PlacedPanel,
  renderPlot,
  svgText,
  textWidth,
} from "./_svg.ts";
import {
  aggregate,
  type BandPoint,
  choiceOption,
  colorsOption,
  type Curve,
  type CurvePoint,
  domainOption,
  extent,
  formatValue,
  integerOption,
  lighten,
  luminance,
  type Metric,
  metricDomain,
  numberOption,
  optionsObject,
  rangeFail,
  seriesOption,
  show,
  stringOption,
  stringsOption,
  toCurve,
  typeFail,
} from "./_chart_input.ts";

export type { Chart } from "./_svg.ts";
export { JUPYTER_DISPLAY } from "./_svg.ts";
export type { Metric } from "./_chart_input.ts";

/** Colour of everything measured on the training set (Matplotlib's blue, as in the tutorial). */
export const TRAIN_COLOR = "#1f77b4";
/** Colour of everything measured on the test set (Matplotlib's orange, as in the tutorial). */
export const TEST_COLOR = "#ff7f0e";
/**
 * Categorical palette for classes and batch sizes, in order. It leaves out
 * blue and orange, which always mean train and test.
 */
export const CATEGORICAL: readonly string[] = Object.freeze([
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#bcbd22",
  "#7f7f7f",
]);

const DIVERGED_COLOR = "#d62728";
const PANEL_TITLE = 20; // height of a panel's title row
const MARGIN = { top: 10, right: 16, bottom: 36, left: 54 };
const AXIS = { labelAnchor: "center", labelArrow: "none" } as const;

const TRAIN_TEST_LEGEND: LegendItem[] = [
  { label: "train", color: TRAIN_COLOR },
  { label: "test", color: TEST_COLOR },
];

// ---------------------------------------------------------------------------
// Shared layout

function panelTitle(x: number, y: number, width: number, text: string): string {
  const cx = x + MARGIN.left + (width - MARGIN.left - MARGIN.right) / 2;
  return svgText(cx, y + PANEL_TITLE - 6, text, { "font-size": 12, "font-weight": 600 });
}

function tickCount(pixels: number, spacing: number): number {
  return Math.max(2, Math.round(pixels / spacing));
}

interface CurvePanelSpec {
  width: number;
  height: number;
  metric: Metric;
  yDomain: [number, number];
  xMax: number;
  xLabel: boolean;
  yLabel: boolean;
  lines?: CurvePoint[];
  band?: BandPoint[];
  divergedAt: number | null;
}

/** One panel of train (blue) and test (orange) curves, or mean lines with bands. */
function curvePanel(s: CurvePanelSpec): PanelElement {
  const marks: Plot.Markish[] = [];
  let finite = false;
  if (s.band) {
    for (const [key, color] of [["train", TRAIN_COLOR], ["test", TEST_COLOR]] as const) {
      marks.push(Plot.areaY(s.band, {
        x: "epoch",
        y1: `${key}Lo`,
        y2: `${key}Hi`,
        fill: color,
        fillOpacity: 0.2,
        clip: true,
      }));
    }
    for (const [key, color] of [["train", TRAIN_COLOR], ["test", TEST_COLOR]] as const) {
      marks.push(
        Plot.lineY(s.band, {
          x: "epoch",
          y: `${key}Mean`,
          stroke: color,
          strokeWidth: 1.6,
          clip: true,
        }),
      );
    }
    finite = s.band.some((p) => Number.isFinite(p.trainMean) || Number.isFinite(p.testMean));
  } else if (s.lines) {
    for (const [key, color] of [["train", TRAIN_COLOR], ["test", TEST_COLOR]] as const) {
      marks.push(
        Plot.lineY(s.lines, { x: "epoch", y: key, stroke: color, strokeWidth: 1.6, clip: true }),
      );
    }
    finite = s.lines.some((p) => Number.isFinite(p.train) || Number.isFinite(p.test));
  }
  if (s.divergedAt !== null) {
    marks.push(
      Plot.ruleX([s.divergedAt], { stroke: DIVERGED_COLOR, strokeDasharray: "4 3" }),
      Plot.text([`diverged at epoch ${s.divergedAt}`], {
        x: s.divergedAt,
        frameAnchor: "top",
        textAnchor: s.divergedAt > (1 + s.xMax) / 2 ? "end" : "start",
        dx: s.divergedAt > (1 + s.xMax) / 2 ? -4 : 4,
        dy: 4,
        fill: DIVERGED_COLOR,
      }),
    );
  }
  if (!finite) marks.push(Plot.text(["no finite values"], { frameAnchor: "middle", fill: "#666" }));
  const plotHeight = s.height - MARGIN.top - MARGIN.bottom;
  return renderPlot({
    width: s.width,
    height: s.height,
    marginTop: MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    x: {
      ...AXIS,
      domain: [0, s.xMax],
      label: s.xLabel ? "epoch" : null,
      ticks: tickCount(s.width - MARGIN.left - MARGIN.right, 75),
    },
    y: {
      ...AXIS,
      domain: s.yDomain,
      nice: tickCount(plotHeight, 22),
      grid: true,
      label: s.yLabel ? s.metric : null,
      ticks: tickCount(plotHeight, 32),
    },
    marks,
  });
}

/** Panel titles drawn from histories: `batch=…`, plus `, lr=…` when learning rates differ. */
function defaultTitles(curves: Curve[]): string[] {
  const lrs = new Set(curves.map((c) => c.learningRate));
  return curves.map((c) =>
    lrs.size > 1 ? `batch=${c.batchSize}, lr=${c.learningRate}` : `batch=${c.batchSize}`
  );
}

function maxEpoch(curves: Curve[]): number {
  return extent([1, ...curves.flatMap((c) => c.accuracy.map((p) => p.epoch))])![1];
}

/** Lays panels out in a grid under a header and composes the chart. */
function gridChart(
  what: string,
  o: {
    width: number;
    panelHeight: number;
    columns: number;
    title?: string;
    legend: LegendItem[];
    titles: string[];
    draw: (i: number, width: number, xLabel: boolean, yLabel: boolean) => PanelElement;
  },
): Chart {
  const n = o.titles.length;
  const columns = Math.min(o.columns, n);
  const rows = Math.ceil(n / columns);
  const panelWidth = o.width / columns;
  if (panelWidth < 120) {
    rangeFail(what, `width / columns must leave at least 120 px per panel, got ${panelWidth}`);
  }
  const head = chartHeader(o.width, o.title, o.legend);
  const panels: PlacedPanel[] = [];
  const overlay = [...head.markup];
  for (let i = 0; i < n; i++) {
    const col = i % columns;
    const row = Math.floor(i / columns);
    const x = col * panelWidth;
    const y = head.height + row * (PANEL_TITLE + o.panelHeight);
    const lastRow = row === rows - 1 || i + columns >= n;
    panels.push({ element: o.draw(i, panelWidth, lastRow, col === 0), x, y: y + PANEL_TITLE });
    overlay.push(panelTitle(x, y, panelWidth, o.titles[i]));
  }
  const height = head.height + rows * (PANEL_TITLE + o.panelHeight);
  return makeChart(
    composeSvg({ width: o.width, height, panels, overlay, label: o.title ?? o.titles.join("; ") }),
  );
}

// ---------------------------------------------------------------------------
// Learning curves

/** Options of {@linkcode learningCurves}. */
export interface LearningCurvesOptions {
  /** Title drawn above the panels, e.g. `"batch=32, lr=0.01"`; defaults to none. */
  title?: string;
  /** Width of the whole chart in px; defaults to 820 (two panels of 410). */
  width?: number;
  /** Height of the whole chart in px; defaults to 320. */
  height?: number;
  /** The x extent in epochs; defaults to the history's last epoch. */
  epochs?: number;
  /** Accuracy axis `[min, max]`; defaults to the data's extent, rounded outwards. */
  accuracyDomain?: [number, number];
  /** Loss axis `[min, max]`; defaults to 0 up to the largest finite loss, rounded outwards. */
  lossDomain?: [number, number];
}

/**
 * Draws one run's learning curves as two panels side by side: accuracy and
 * loss per epoch, train in blue and test in orange, as in the tutorial. A run
 * that diverged is drawn up to its last finite epoch, with a marker.
 *
 * @param history The run, as `fitModel` returns it.
 * @param options See {@linkcode LearningCurvesOptions}.
 * @returns A {@linkcode Chart}.
 *
 * @example
 * ```ts
 * import { learningCurves } from "./charts.ts";
 * import type { History } from "./types.ts";
 *
 * const epochs = Array.from({ length: 50 }, (_, i) => ({
 *   epoch: i + 1, loss: 1 / (i + 2), accuracy: 0.83 - 0.4 / (i + 2),
 *   valLoss: 1.1 / (i + 2), valAccuracy: 0.81 - 0.4 / (i + 2), seconds: i / 10, updates: 16 * (i + 1),
 * }));
 * const history: History = {
 *   batchSize: 32, learningRate: 0.01, momentum: 0.9, loss: "logits", seed: 0, epochs, divergedAt: null,
 *   train: { loss: 0.4, accuracy: 0.83 }, test: { loss: 0.45, accuracy: 0.81 }, weights: [],
 * };
 * const chart = learningCurves(history, { title: "batch=32, lr=0.01" });
 * console.assert(chart.svg.includes("batch=32, lr=0.01"));
 * ```
 */
export function learningCurves(history: History, options?: LearningCurvesOptions): Chart {
  const what = "Cannot draw learning curves";
  const o = optionsObject(what, options);
  const curve = toCurve(what, "history", history);
  const width = numberOption(what, "width", o.width, 820, 300);
  const height = numberOption(what, "height", o.height, 320, 160);
  const title = stringOption(what, "title", o.title, undefined);
  const xMax = numberOption(what, "epochs", o.epochs, maxEpoch([curve]), 1);
  const domains = {
    accuracy: domainOption(what, "accuracyDomain", o.accuracyDomain) ??
      metricDomain("accuracy", curve.accuracy.flatMap((p) => [p.train, p.test])),
    loss: domainOption(what, "lossDomain", o.lossDomain) ??
      metricDomain("loss", curve.loss.flatMap((p) => [p.train, p.test])),
  };
  const head = chartHeader(width, title, TRAIN_TEST_LEGEND);
  const panelWidth = width / 2;
  const panelHeight = height - head.height - PANEL_TITLE;
  if (panelHeight < 100) rangeFail(what, `height must leave 100 px for the panels, got ${height}`);
  const panels: PlacedPanel[] = [];
  const overlay = [...head.markup];
  (["accuracy", "loss"] as const).forEach((metric, i) => {
    const element = curvePanel({
      width: panelWidth,
      height: panelHeight,
      metric,
      yDomain: domains[metric],
      xMax,
      xLabel: true,
      yLabel: true,
      lines: curve[metric],
      divergedAt: curve.divergedAt,
    });
    panels.push({ element, x: i * panelWidth, y: head.height + PANEL_TITLE });
    overlay.push(
      panelTitle(
        i * panelWidth,
        head.height,
        panelWidth,
        metric === "accuracy" ? "Accuracy" : "Loss",
      ),
    );
  });
  return makeChart(
    composeSvg({ width, height, panels, overlay, label: title ?? "learning curves" }),
  );
}

// ---------------------------------------------------------------------------
// Small multiples

/** Options of {@linkcode curveGrid}. */
export interface CurveGridOptions {
  /** Which curves to draw: `"accuracy"` (default) or `"loss"`. */
  metric?: Metric;
  /** Panels per row; defaults to 4. */
  columns?: number;
  /** One title per history; defaults to `batch=<batchSize>` (with `, lr=…` when learning rates differ). */
  titles?: string[];
  /** Title of the whole chart; defaults to none. */
  title?: string;
  /** Width of the whole chart in px; defaults to 880. */
  width?: number;
  /** Height of each panel in px (without its title); defaults to 180. */
  panelHeight?: number;
  /** The x extent in epochs, shared by all panels; defaults to the longest history. */
  epochs?: number;
  /** The y axis `[min, max]` shared by all panels; defaults to the extent over all histories. */
  yDomain?: [number, number];
}

/**
 * Draws small multiples: one titled panel of train (blue) and test (orange)
 * curves per history, all on one shared y scale so panels compare at a glance.
 *
 * @param histories The runs, e.g. one per batch size.
 * @param options See {@linkcode CurveGridOptions}.
 * @returns A {@linkcode Chart}.
 *
 * @example
 * ```ts
 * import { curveGrid } from "./charts.ts";
 * import type { History } from "./types.ts";
 *
 * const run = (batchSize: number): History => ({
 *   batchSize, learningRate: 0.01, momentum: 0.9, loss: "logits", seed: 0, divergedAt: null, weights: [],
 *   train: { loss: 0.4, accuracy: 0.8 }, test: { loss: 0.4, accuracy: 0.8 },
 *   epochs: Array.from({ length: 20 }, (_, i) => ({
 *     epoch: i + 1, loss: 1 / (i + 2), accuracy: 0.8 - 0.3 / (i + 2), valLoss: 1 / (i + 2),
 *     valAccuracy: 0.8 - 0.35 / (i + 2), seconds: i, updates: i * Math.ceil(500 / batchSize),
 *   })),
 * });
 * const chart = curveGrid([4, 8, 16, 32].map(run));
 * console.assert(chart.svg.includes("batch=16"));
 * ```
 */
export function curveGrid(histories: History[], options?: CurveGridOptions): Chart {
  const what = "Cannot draw curve grid";
  const o = optionsObject(what, options);
  if (!Array.isArray(histories) || histories.length === 0) {
    typeFail(
      what,
      `histories must be a non-empty array of History objects, got ${show(histories)}`,
    );
  }
  const curves = histories.map((h, i) => toCurve(what, `histories[${i}]`, h));
  const metric = choiceOption(what, "metric", o.metric, ["accuracy", "loss"], "accuracy");
  const columns = integerOption(what, "columns", o.columns, 4);
  const titles = stringsOption(what, "titles", o.titles, curves.length) ?? defaultTitles(curves);
  const title = stringOption(what, "title", o.title, undefined);
  const width = numberOption(what, "width", o.width, 880, 200);
  const panelHeight = numberOption(what, "panelHeight", o.panelHeight, 180, 100);
  const xMax = numberOption(what, "epochs", o.epochs, maxEpoch(curves), 1);
  const yDomain = domainOption(what, "yDomain", o.yDomain) ??
    metricDomain(metric, curves.flatMap((c) => c[metric].flatMap((p) => [p.train, p.test])));
  return gridChart(what, {
    width,
    panelHeight,
    columns,
    title,
    legend: TRAIN_TEST_LEGEND,
    titles,
    draw: (i, w, xLabel, yLabel) =>
      curvePanel({
        width: w,
        height: panelHeight,
        metric,
        yDomain,
        xMax,
        xLabel,
        yLabel,
        lines: curves[i][metric],
        divergedAt: curves[i].divergedAt,
      }),
  });
}

// ---------------------------------------------------------------------------
// Seed bands

/** Options of {@linkcode seedBand}. */
export interface SeedBandOptions {
  /** Which curves to draw: `"accuracy"` (default) or `"loss"`. */
  metric?: Metric;
  /** The band around the mean: `"minmax"` (default, min to max over seeds) or `"sd"` (±1 standard deviation). */
  band?: "minmax" | "sd";
  /** Panels per row when there are several groups; defaults to 4. */
  columns?: number;
  /** One title per group; defaults to `batch=<batchSize>` of the group's first run. */
  titles?: string[];
  /** Title of the whole chart; defaults to none. */
  title?: string;
  /** Width of the whole chart in px; defaults to 640 for one group and 880 for several. */
  width?: number;
  /** Height of each panel in px; defaults to 300 for one group and 180 for several. */
  panelHeight?: number;
  /** The x extent in epochs; defaults to the longest run. */
  epochs?: number;
  /** The y axis `[min, max]` shared by all panels; defaults to the extent of all bands. */
  yDomain?: [number, number];
}

/**
 * Draws the mean train (blue) and test (orange) curve across seeds with a
 * band around it (min–max by default, or ±1 sd). One group of runs gives one
 * panel; several groups give a grid of titled panels on one shared y scale.
 *
 * @param groups Runs that differ only by seed: one array (one panel) or an array of arrays.
 * @param options See {@linkcode SeedBandOptions}.
 * @returns A {@linkcode Chart}.
 *
 * @example
 * ```ts
 * import { seedBand } from "./charts.ts";
 * import type { History } from "./types.ts";
 *
 * const run = (seed: number): History => ({
 *   batchSize: 32, learningRate: 0.01, momentum: 0.9, loss: "logits", seed, divergedAt: null, weights: [],
 *   train: { loss: 0.4, accuracy: 0.8 }, test: { loss: 0.4, accuracy: 0.8 },
 *   epochs: Array.from({ length: 20 }, (_, i) => ({
 *     epoch: i + 1, loss: 1 / (i + 2), accuracy: 0.8 - (0.3 + seed / 20) / (i + 2),
 *     valLoss: 1 / (i + 2), valAccuracy: 0.8 - (0.35 + seed / 20) / (i + 2), seconds: i, updates: 16 * i,
 *   })),
 * });
 * const chart = seedBand([0, 1, 2, 3, 4].map(run), { band: "sd" });
 * console.assert(chart.svg.includes("±1 sd"));
 * ```
 */
export function seedBand(groups: History[][] | History[], options?: SeedBandOptions): Chart {
  const what = "Cannot draw seed band";
  const o = optionsObject(what, options);
  if (!Array.isArray(groups) || groups.length === 0) {
    typeFail(
      what,
      `groups must be a non-empty array of History objects or of arrays of them, got ${
        show(groups)
      }`,
    );
  }
  const nested = Array.isArray(groups[0]);
  const raw = (nested ? groups : [groups]) as unknown[];
  const curveGroups = raw.map((g, i) => {
    if (!Array.isArray(g) || g.length === 0) {
      typeFail(what, `groups[${i}] must be a non-empty array of History objects, got ${show(g)}`);
    }
    return g.map((h, j) => toCurve(what, nested ? `groups[${i}][${j}]` : `groups[${j}]`, h));
  });
  const metric = choiceOption(what, "metric", o.metric, ["accuracy", "loss"], "accuracy");
  const band = choiceOption(what, "band", o.band, ["minmax", "sd"], "minmax");
  const single = curveGroups.length === 1;
  const columns = integerOption(what, "columns", o.columns, single ? 1 : 4);
  const titles = stringsOption(what, "titles", o.titles, curveGroups.length) ??
    defaultTitles(curveGroups.map((g) => g[0]));
  const width = numberOption(what, "width", o.width, single ? 640 : 880, 200);
  const panelHeight = numberOption(what, "panelHeight", o.panelHeight, single ? 300 : 180, 100);
  const xMax = numberOption(what, "epochs", o.epochs, maxEpoch(curveGroups.flat()), 1);
  const bands = curveGroups.map((g) => aggregate(g, metric, band));
  const yDomain = domainOption(what, "yDomain", o.yDomain) ??
    metricDomain(
      metric,
      bands.flatMap((b) => b.flatMap((p) => [p.trainLo, p.trainHi, p.testLo, p.testHi])),
    );
  const seeds = Math.max(...curveGroups.map((g) => g.length));
  const bandLabel = band === "minmax" ? `min–max of ${seeds} seeds` : `±1 sd, ${seeds} seeds`;
  const title = stringOption(what, "title", o.title, undefined);
  return gridChart(what, {
    width,
    panelHeight,
    columns,
    title,
    legend: [
      { label: "train mean", color: TRAIN_COLOR },
      { label: "test mean", color: TEST_COLOR },
      { label: bandLabel, color: "#c8c8c8", kind: "rect" },
    ],
    titles,
    draw: (i, w, xLabel, yLabel) =>
      curvePanel({
        width: w,
        height: panelHeight,
        metric,
        yDomain,
        xMax,
        xLabel,
        yLabel,
        band: bands[i],
        divergedAt: null,
      }),
  });
}

// ---------------------------------------------------------------------------
// Spread of values per row

/** One row of {@linkcode spreadChart}: a label and its values (e.g. one per seed). */
export interface SpreadRow {
  /** Row label drawn at the left, e.g. `"batch=32"`. */
  label: string;
  /** The values shown as dots; non-finite values are left out. */
  values: number[];
}

/** Options of {@linkcode spreadChart}. */
export interface SpreadChartOptions {
  /** Title of the chart; defaults to none. */
  title?: string;
  /** Width in px; defaults to 680. */
  width?: number;
  /** Height of each row in px; defaults to 34. */
  rowHeight?: number;
  /** The value axis: `label` defaults to `"value"`, `domain` to the values' extent. */
  x?: { label?: string; domain?: [number, number] };
  /** Dot colour per row, cycling; defaults to {@linkcode CATEGORICAL}. */
  colors?: string[];
  /** Draw a black tick and the value at each row's mean; defaults to true. */
  showMean?: boolean;
}

/**
 * Draws the distribution of values per row: one dot per value (slightly
 * jittered vertically so equal values stay visible) and a tick at the mean,
 * e.g. the final test accuracy of each seed per batch size.
 *
 * @param rows One row per group.
 * @param options See {@linkcode SpreadChartOptions}.
 * @returns A {@linkcode Chart}.
 *
 * @example
 * ```ts
 * import { spreadChart } from "./charts.ts";
 *
 * const chart = spreadChart([
 *   { label: "batch=4", values: [0.80, 0.81, 0.82] },
 *   { label: "batch=32", values: [0.81, 0.83, 0.83] },
 * ], { x: { label: "final test accuracy" } });
 * console.assert(chart.svg.includes("batch=32"));
 * ```
 */
export function spreadChart(rows: SpreadRow[], options?: SpreadChartOptions): Chart {
  const what = "Cannot draw spread chart";
  const o = optionsObject(what, options);
  if (!Array.isArray(rows) || rows.length === 0) {
    typeFail(what, `rows must be a non-empty array of { label, values }, got ${show(rows)}`);
  }
  rows.forEach((r, i) => {
    if (typeof r !== "object" || r === null) {
      typeFail(what, `rows[${i}] must be an object, got ${show(r)}`);
    }
    if (typeof r.label !== "string") {
      typeFail(what, `rows[${i}].label must be a string, got ${show(r.label)}`);
    }
    if (!Array.isArray(r.values) || r.values.some((v) => typeof v !== "number")) {
      typeFail(what, `rows[${i}].values must be an array of numbers, got ${show(r.values)}`);
    }
  });
  const xo = optionsObject(what, o.x);
  const xLabel = stringOption(what, "x.label", xo.label, "value");
  const title = stringOption(what, "title", o.title, undefined);
  const width = numberOption(what, "width", o.width, 680, 300);
  const rowHeight = numberOption(what, "rowHeight", o.rowHeight, 34, 16);
  const colors = colorsOption(what, "colors", o.colors, CATEGORICAL);
  const showMean = o.showMean === undefined ? true : o.showMean;
  if (typeof showMean !== "boolean") {
    typeFail(what, `showMean must be a boolean, got ${show(showMean)}`);
  }
  const all = rows.flatMap((r) => r.values);
  let domain = domainOption(what, "x.domain", xo.domain);
  if (!domain) {
    const e = extent(all) ?? [0, 1];
    const pad = Math.max((e[1] - e[0]) * 0.05, 1e-3);
    domain = [e[0] - pad, e[1] + pad];
  }
  const dots = rows.flatMap((r, i) =>
    r.values.map((v, j) => ({
      value: v,
      row: i + ((((j * 0.6180339887) % 1) - 0.5) * 0.5),
      color: colors[i % colors.length],
    }))
  );
  const means = rows.map((r, i) => {
    const v = r.values.filter(Number.isFinite);
    return { row: i, mean: v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN };
  });
  const labelWidth = Math.max(...rows.map((r) => textWidth(r.label))) + 28;
  const meanMargin = showMean ? 74 : MARGIN.right;
  const head = chartHeader(width, title, showMean ? [{ label: "mean", color: "#222" }] : []);
  const plotHeight = rows.length * rowHeight;
  const height = head.height + MARGIN.top + plotHeight + MARGIN.bottom;
  const marks: Plot.Markish[] = [
    Plot.dot(dots.filter((d) => Number.isFinite(d.value)), {
      x: "value",
      y: "row",
      r: 4,
      fill: "color",
      fillOpacity: 0.75,
      stroke: "white",
      strokeWidth: 0.5,
    }),
  ];
  if (showMean) {
    const ok = means.filter((m) => Number.isFinite(m.mean));
    marks.push(
      Plot.ruleX(ok, {
        x: "mean",
        y1: (m) => m.row - 0.38,
        y2: (m) => m.row + 0.38,
        stroke: "#222",
        strokeWidth: 2.5,
      }),
      Plot.text(means, {
        y: "row",
        frameAnchor: "right",
        textAnchor: "start",
        dx: 10,
        text: (m) => formatValue(m.mean),
        fontVariant: "tabular-nums",
      }),
    );
  }
  const element = renderPlot({
    width,
    height: height - head.height,
    marginTop: MARGIN.top,
    marginRight: meanMargin,
    marginBottom: MARGIN.bottom,
    marginLeft: labelWidth,
    color: { type: "identity" },
    x: { ...AXIS, domain, label: xLabel, grid: true, ticks: tickCount(width - labelWidth, 80) },
    y: {
      domain: [rows.length - 0.5, -0.5],
      ticks: rows.map((_, i) => i),
      tickFormat: (i: number) => rows[i]?.label ?? "",
      tickSize: 0,
      label: null,
    },
    marks,
  });
  return makeChart(composeSvg({
    width,
    height,
    panels: [{ element, x: 0, y: head.height }],
    overlay: head.markup,
    label: title ?? xLabel,
  }));
}

// ---------------------------------------------------------------------------
// Generic lines

/** One series of {@linkcode lineChart}. */
export interface LineSeries {
  /** Label drawn at the series' last point, in its colour. */
  label: string;
  /** The points, joined in the order given; a non-finite y breaks the line. */
  points: { x: number; y: number }[];
}

/** A horizontal reference line of {@linkcode lineChart}. */
export interface RuleY {
  /** Where the line is drawn on the y axis. */
  y: number;
  /** Text drawn just above the line at its left end; defaults to none. */
  label?: string;
}

/** Options of {@linkcode lineChart}. */
export interface LineChartOptions {
  /** Title of the chart; defaults to none. */
  title?: string;
  /** Width in px; defaults to 720. */
  width?: number;
  /** Height in px; defaults to 400. */
  height?: number;
  /**
   * The x axis: `label` defaults to `"x"`, `type` to `"linear"` (`"log"` needs x > 0),
   * `domain` to the data's extent, `ticks` (explicit tick values) to Plot's choice.
   */
  x?: { label?: string; type?: "linear" | "log"; domain?: [number, number]; ticks?: number[] };
  /** The y axis: `label` defaults to `"y"`, `domain` to the data's extent. */
  y?: { label?: string; domain?: [number, number] };
  /** Horizontal reference lines, e.g. `[0.8]` or `[{ y: 0.8, label: "80% target" }]`; defaults to none. */
  rules?: (number | RuleY)[];
  /** One colour per series, cycling; defaults to {@linkcode CATEGORICAL}. */
  colors?: string[];
  /** Draw a dot at each point; defaults to true. */
  dots?: boolean;
}

/**
 * Draws several series as lines, each labelled directly at its last point
 * (labels nudged apart so they never overlap), with optional horizontal rules.
 *
 * @param series The series; points are drawn in the order given.
 * @param options See {@linkcode LineChartOptions}.
 * @returns A {@linkcode Chart}.
 *
 * @example
 * ```ts
 * import { lineChart } from "./charts.ts";
 *
 * const batchSizes = [4, 8, 16, 32, 64, 128, 256, 450];
 * const chart = lineChart(
 *   [{ label: "test", points: batchSizes.map((b, i) => ({ x: b, y: 0.83 - i * 0.01 })) }],
 *   {
 *     x: { label: "batch size", type: "log", ticks: batchSizes },
 *     y: { label: "final test accuracy" },
 *     rules: [{ y: 0.8, label: "80% target" }],
 *   },
 * );
 * console.assert(chart.svg.includes("80% target"));
 * ```
 */
export function lineChart(series: LineSeries[], options?: LineChartOptions): Chart {
  const what = "Cannot draw line chart";
  const o = optionsObject(what, options);
  seriesOption<LineSeries>(what, series);
  const xo = optionsObject(what, o.x);
  const yo = optionsObject(what, o.y);
  const title = stringOption(what, "title", o.title, undefined);
  const width = numberOption(what, "width", o.width, 720, 300);
  const height = numberOption(what, "height", o.height, 400, 160);
  const xType = choiceOption(what, "x.type", xo.type, ["linear", "log"], "linear");
  const xLabel = stringOption(what, "x.label", xo.label, "x");
  const yLabel = stringOption(what, "y.label", yo.label, "y");
  const xDomain = domainOption(what, "x.domain", xo.domain);
  const yDomain = domainOption(what, "y.domain", yo.domain);
  const colors = colorsOption(what, "colors", o.colors, CATEGORICAL);
  const dots = o.dots === undefined ? true : o.dots;
  if (typeof dots !== "boolean") typeFail(what, `dots must be a boolean, got ${show(dots)}`);
  let xTicks: number[] | undefined;
  if (xo.ticks !== undefined) {
    if (!Array.isArray(xo.ticks) || xo.ticks.some((t) => typeof t !== "number")) {
      typeFail(what, `x.ticks must be an array of numbers, got ${show(xo.ticks)}`);
    }
    xTicks = xo.ticks;
  }
  if (xType === "log") {
    for (const [i, s] of series.entries()) {
      const bad = s.points.find((p) => !(p.x > 0));
      if (bad) {
        rangeFail(
          what,
          `x.type "log" needs x > 0, got x = ${bad.x} in series[${i}] ("${s.label}")`,
        );
      }
    }
  }
  const rules: RuleY[] = [];
  if (o.rules !== undefined) {
    if (!Array.isArray(o.rules)) typeFail(what, `rules must be an array, got ${show(o.rules)}`);
    o.rules.forEach((r, i) => {
      const rule = typeof r === "number" ? { y: r } : r;
      if (typeof rule !== "object" || rule === null || typeof rule.y !== "number") {
        typeFail(what, `rules[${i}] must be a number or { y, label }, got ${show(r)}`);
      }
      if (!Number.isFinite(rule.y)) rangeFail(what, `rules[${i}].y must be finite, got ${rule.y}`);
      rules.push(rule);
    });
  }
  const data = series.flatMap((s, i) =>
    s.points.filter((p) => Number.isFinite(p.x)).map((p) => ({
      x: p.x,
      y: p.y,
      series: i,
      color: colors[i % colors.length],
    }))
  );
  const labels = series.map((s, i) => {
    const last = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).at(-1);
    return { label: s.label, color: colors[i % colors.length], last };
  });
  const labelWidth = Math.max(...series.map((s) => textWidth(s.label))) + 16;
  const head = chartHeader(width, title, []);
  const panelHeight = height - head.height;
  const marks: Plot.Markish[] = horizontalRules(rules);
  // Clipped to the frame, so a y domain narrower than the data cuts lines at the axes.
  marks.push(
    Plot.line(data, { x: "x", y: "y", z: "series", stroke: "color", strokeWidth: 1.8, clip: true }),
  );
  if (dots) marks.push(Plot.dot(data, { x: "x", y: "y", fill: "color", r: 3, clip: true }));
  if (xTicks) {
    // Plot ignores a tickFormat function on log scales; an axis mark's text channel is honoured.
    marks.push(Plot.axisX(xTicks, { ...AXIS, label: xLabel, text: (d: number) => String(d) }));
  }
  const element = renderPlot({
    width,
    height: panelHeight,
    marginTop: MARGIN.top + 4,
    marginRight: Math.max(MARGIN.right, labelWidth),
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    color: { type: "identity" },
    x: {
      ...AXIS,
      type: xType,
      domain: xDomain,
      label: xLabel,
      ...(xTicks ? { axis: null } : { ticks: tickCount(width - MARGIN.left - labelWidth, 80) }),
    },
    y: {
      ...AXIS,
      domain: yDomain ?? extentWithRules(data.map((d) => d.y), rules),
      nice: yDomain ? false : tickCount(panelHeight - MARGIN.top - MARGIN.bottom, 40),
      grid: true,
      label: yLabel,
      ticks: tickCount(panelHeight - MARGIN.top - MARGIN.bottom, 40),
    },
    marks,
  });
  const overlay = [
    ...head.markup,
    ...directLabels(element, labels, head.height, panelHeight - MARGIN.bottom),
  ];
  return makeChart(composeSvg({
    width,
    height,
    panels: [{ element, x: 0, y: head.height }],
    overlay,
    label: title ?? `${yLabel} by ${xLabel}`,
  }));
}

function extentWithRules(values: number[], rules: RuleY[]): [number, number] {
  const e = extent([...values, ...rules.map((r) => r.y)]) ?? [0, 1];
  return e[0] === e[1] ? [e[0] - 0.5, e[1] + 0.5] : e;
}

// ---------------------------------------------------------------------------
// Heatmap

/** One cell of {@linkcode heatmap}. */
export interface HeatmapCell {
  /** Column category, e.g. a batch size. */
  x: string | number;
  /** Row category, e.g. a learning rate. */
  y: string | number;
  /** The value; NaN draws a grey cell with a dash (e.g. a run that diverged). */
  value: number;
}

/**
 * A line drawn over {@linkcode heatmap} through cell centres, e.g. the linear
 * scaling rule (learning rate ∝ batch size): `{ points: [{ x: 4, y: 0.001 },
 * { x: 8, y: 0.002 }], label: "lr ∝ batch" }`. Every point's `x` and `y` must
 * be one of the heatmap's categories.
 */
export interface HeatmapOverlay {
  /** Cells the line passes through (their centres), in order. */
  points: { x: string | number; y: string | number }[];
  /** Legend text; defaults to none (no legend entry). */
  label?: string;
  /** Line colour; defaults to `"#d62728"` (red). */
  color?: string;
}

/** Options of {@linkcode heatmap}. */
export interface HeatmapOptions {
  /** Title of the chart; defaults to none. */
  title?: string;
  /** Width in px; defaults to 680. */
  width?: number;
  /** Height of each row of cells in px; defaults to 40. */
  cellHeight?: number;
  /** The x categories: `label` defaults to `"x"`, `domain` (order) to numbers ascending or strings as first seen. */
  x?: { label?: string; domain?: (string | number)[] };
  /** The y categories, like `x`; numbers ascend upwards. */
  y?: { label?: string; domain?: (string | number)[] };
  /** Colour domain `[min, max]`; defaults to the values' extent. */
  domain?: [number, number];
  /** An Observable Plot sequential colour scheme; defaults to `"blues"`. */
  scheme?: string;
  /** Formats the value printed in each cell; defaults to 3 decimals. */
  format?: (value: number) => string;
  /** Lines drawn over the cells; defaults to none. */
  overlay?: HeatmapOverlay | HeatmapOverlay[];
}

function categories(
  what: string,
  name: string,
  values: (string | number)[],
  given: unknown,
): (string | number)[] {
  if (given !== undefined) {
    if (
      !Array.isArray(given) ||
      given.some((v) => typeof v !== "string" && typeof v !== "number")
    ) {
      typeFail(what, `${name}.domain must be an array of strings or numbers, got ${show(given)}`);
    }
    for (const v of values) {
      if (!given.includes(v)) {
        rangeFail(what, `${name}.domain must list every cell's ${name}, missing ${show(v)}`);
      }
    }
    return given as (string | number)[];
  }
  const unique = [...new Set(values)];
  return unique.every((v) => typeof v === "number")
    ? (unique as number[]).sort((a, b) => a - b)
    : unique;
}

/**
 * Draws a grid of coloured cells over two categorical axes, with each value
 * printed in its cell, an SVG swatch legend, and optional overlay lines.
 *
 * @param cells One cell per (x, y) pair.
 * @param options See {@linkcode HeatmapOptions}.
 * @returns A {@linkcode Chart}.
 *
 * @example
 * ```ts
 * import { heatmap } from "./charts.ts";
 *
 * const cells = [4, 8, 16].flatMap((b, i) =>
 *   [0.001, 0.01, 0.1].map((lr, j) => ({ x: b, y: lr, value: 0.6 + 0.05 * (i + j) }))
 * );
 * const chart = heatmap(cells, {
 *   x: { label: "batch size" }, y: { label: "learning rate" },
 *   overlay: { points: [{ x: 4, y: 0.001 }, { x: 16, y: 0.01 }], label: "lr ∝ batch" },
 * });
 * console.assert(chart.svg.includes("lr ∝ batch"));
 * ```
 */
export function heatmap(cells: HeatmapCell[], options?: HeatmapOptions): Chart {
  const what = "Cannot draw heatmap";
  const o = optionsObject(what, options);
  if (!Array.isArray(cells) || cells.length === 0) {
    typeFail(what, `cells must be a non-empty array of { x, y, value }, got ${show(cells)}`);
  }
  cells.forEach((c, i) => {
    if (typeof c !== "object" || c === null) {
      typeFail(what, `cells[${i}] must be an object, got ${show(c)}`);
    }
    for (const k of ["x", "y"] as const) {
      if (typeof c[k] !== "string" && typeof c[k] !== "number") {
        typeFail(what, `cells[${i}].${k} must be a string or number, got ${show(c[k])}`);
      }
    }
    if (typeof c.value !== "number") {
      typeFail(what, `cells[${i}].value must be a number, got ${show(c.value)}`);
    }
  });
  const seen = new Set<string>();
  cells.forEach((c, i) => {
    const key = JSON.stringify([c.x, c.y]);
    if (seen.has(key)) {
      rangeFail(what, `cells[${i}] repeats the cell x = ${show(c.x)}, y = ${show(c.y)}`);
    }
    seen.add(key);
  });
  const xo = optionsObject(what, o.x);
  const yo = optionsObject(what, o.y);
  const title = stringOption(what, "title", o.title, undefined);
  const width = numberOption(what, "width", o.width, 680, 200);
  const cellHeight = numberOption(what, "cellHeight", o.cellHeight, 40, 14);
  const xLabel = stringOption(what, "x.label", xo.label, "x");
  const yLabel = stringOption(what, "y.label", yo.label, "y");
  const xDomain = categories(what, "x", cells.map((c) => c.x), xo.domain);
  const yDomain = categories(what, "y", cells.map((c) => c.y), yo.domain);
  const scheme = stringOption(what, "scheme", o.scheme, "blues");
  const format = o.format ?? formatValue;
  if (typeof format !== "function") {
    typeFail(what, `format must be a function, got ${show(format)}`);
  }
  const colorDomain = domainOption(what, "domain", o.domain) ??
    (() => {
      const e = extent(cells.map((c) => c.value)) ?? [0, 1];
      return e[0] === e[1] ? [e[0] - 0.5, e[1] + 0.5] as [number, number] : e;
    })();
  let scale: { apply(v: unknown): unknown };
  try {
    scale = Plot.scale({
      color: { type: "linear", scheme: scheme as Plot.ColorScheme, domain: colorDomain },
    });
  } catch {
    rangeFail(what, `scheme must be an Observable Plot colour scheme name, got ${show(scheme)}`);
  }
  const colorOf = (v: number) => Number.isFinite(v) ? String(scale.apply(v)) : "#e6e6e6";
  const overlays = o.overlay === undefined
    ? []
    : Array.isArray(o.overlay)
    ? o.overlay
    : [o.overlay];
  overlays.forEach((ov, i) => {
    if (typeof ov !== "object" || ov === null || !Array.isArray(ov.points)) {
      typeFail(what, `overlay[${i}] must be { points, label?, color? }, got ${show(ov)}`);
    }
    ov.points.forEach((p, j) => {
      if (typeof p !== "object" || p === null || !xDomain.includes(p.x) || !yDomain.includes(p.y)) {
        rangeFail(
          what,
          `overlay[${i}].points[${j}] must name an x and a y category, got ${show(p?.x)}, ${
            show(p?.y)
          }`,
        );
      }
    });
  });
  const data = cells.map((c) => {
    const fill = colorOf(c.value);
    return {
      x: c.x,
      y: c.y,
      fill,
      text: Number.isFinite(c.value) ? format(c.value) : "–",
      ink: luminance(fill) < 0.35 ? "white" : "#222",
    };
  });
  const yTickWidth = Math.max(...yDomain.map((v) => textWidth(String(v))));
  const marginLeft = Math.max(MARGIN.left, yTickWidth + 34);
  const steps = [0, 0.25, 0.5, 0.75, 1].map((t) =>
    colorDomain[0] + t * (colorDomain[1] - colorDomain[0])
  );
  const items: LegendItem[] = [
    ...steps.map((v) => ({ label: format(v), color: colorOf(v), kind: "rect" as const })),
    ...overlays.filter((ov) => ov.label).map((ov) => ({
      label: ov.label!,
      color: ov.color ?? DIVERGED_COLOR,
    })),
  ];
  const head = chartHeader(width, title, items);
  const panelHeight = MARGIN.top + yDomain.length * cellHeight + MARGIN.bottom + 4;
  const marks: Plot.Markish[] = [Plot.cell(data, { x: "x", y: "y", fill: "fill", inset: 0.5 })];
  for (const ov of overlays) {
    const color = ov.color ?? DIVERGED_COLOR;
    marks.push(Plot.line(ov.points, { x: "x", y: "y", stroke: color, strokeWidth: 2.5 }));
  }
  // Values on top, haloed in their cell's colour so an overlay line passes behind them.
  marks.push(Plot.text(data, {
    x: "x",
    y: "y",
    text: "text",
    fill: "ink",
    stroke: "fill",
    strokeWidth: 5,
    paintOrder: "stroke",
    fontVariant: "tabular-nums",
  }));
  const element = renderPlot({
    width,
    height: panelHeight,
    marginTop: MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom + 4,
    marginLeft,
    padding: 0,
    color: { type: "identity" },
    x: { ...AXIS, type: "band", domain: xDomain, label: xLabel, tickSize: 0 },
    y: {
      ...AXIS,
      type: "band",
      domain: yDomain,
      reverse: yDomain.every((v) => typeof v === "number"),
      label: yLabel,
      tickSize: 0,
    },
    marks,
  });
  return makeChart(composeSvg({
    width,
    height: head.height + panelHeight,
    panels: [{ element, x: 0, y: head.height }],
    overlay: head.markup,
    label: title ?? `${yLabel} by ${xLabel}`,
  }));
}

// ---------------------------------------------------------------------------
// Scatter plots: the blobs and decision regions

/** Points with a class each, as `makeBlobs` returns them. */
export interface LabelledPoints {
  /** One `[x0, x1]` pair per point. */
  x: number[][];
  /** The class of each point: an integer from 0. */
  y: number[];
}

/** Options of {@linkcode blobsChart} and {@linkcode decisionRegions}. */
export interface ScatterOptions {
  /** Title of the chart; defaults to none. */
  title?: string;
  /** Width in px; defaults to 640. */
  width?: number;
  /** Height in px; defaults to 500. */
  height?: number;
  /** Label of the horizontal axis; defaults to `"x0"`. */
  xLabel?: string;
  /** Label of the vertical axis; defaults to `"x1"`. */
  yLabel?: string;
  /** Legend name of each class; defaults to `class 0`, `class 1`, …. */
  classNames?: string[];
  /** Colour of each class; defaults to {@linkcode CATEGORICAL}. */
  colors?: string[];
}

function labelledPoints(what: string, name: string, p: unknown): { x: number[][]; y: number[] } {
  if (typeof p !== "object" || p === null) {
    typeFail(what, `${name} must be { x, y }, got ${show(p)}`);
  }
  const { x, y } = p as Partial<LabelledPoints>;
  if (
    !Array.isArray(x) ||
    x.some((r) =>
      !Array.isArray(r) || r.length < 2 || typeof r[0] !== "number" || typeof r[1] !== "number"
    )
  ) {
    typeFail(what, `${name}.x must be an array of [x0, x1] number pairs, got ${show(x)}`);
  }
  if (!Array.isArray(y) || y.length !== x.length) {
    rangeFail(what, `${name}.y must be an array of ${x.length} class labels, got ${show(y)}`);
  }
  const bad = y.findIndex((c) => !Number.isInteger(c) || c < 0);
  if (bad >= 0) {
    rangeFail(
      what,
      `${name}.y must hold integer classes >= 0, got ${show(y[bad])} at index ${bad}`,
    );
  }
  return { x, y };
}

interface ScatterSpec {
  what: string;
  options: Partial<ScatterOptions>;
  points: { x: number[][]; y: number[] };
  background?: { x1: number; x2: number; y1: number; y2: number; cls: number }[];
  xDomain?: [number, number];
  yDomain?: [number, number];
  classes: number;
}

function scatterChart(s: ScatterSpec): Chart {
  const { what, options: o } = s;
  const title = stringOption(what, "title", o.title, undefined);
  const width = numberOption(what, "width", o.width, 640, 200);
  const height = numberOption(what, "height", o.height, 500, 160);
  const xLabel = stringOption(what, "xLabel", o.xLabel, "x0");
  const yLabel = stringOption(what, "yLabel", o.yLabel, "x1");
  const colors = colorsOption(what, "colors", o.colors, CATEGORICAL);
  const names = stringsOption(what, "classNames", o.classNames, s.classes) ??
    Array.from({ length: s.classes }, (_, i) => `class ${i}`);
  const color = (c: number) => colors[c % colors.length];
  const head = chartHeader(
    width,
    title,
    names.map((label, i) => ({ label, color: color(i), kind: "dot" as const })),
  );
  const marks: Plot.Markish[] = [];
  if (s.background) {
    marks.push(Plot.rect(s.background, {
      x1: "x1",
      x2: "x2",
      y1: "y1",
      y2: "y2",
      fill: (d) => lighten(color(d.cls), 0.72),
      shapeRendering: "crispEdges",
    }));
  }
  // One mark per class, so each class's colour is set once on its group.
  for (let c = 0; c < s.classes; c++) {
    const dots = s.points.x.filter((_, i) => s.points.y[i] === c);
    if (dots.length === 0) continue;
    marks.push(Plot.dot(dots, {
      x: (p: number[]) => p[0],
      y: (p: number[]) => p[1],
      fill: color(c),
      r: 3,
      stroke: "white",
      strokeWidth: 0.6,
    }));
  }
  const panelHeight = height - head.height;
  const element = renderPlot({
    width,
    height: panelHeight,
    marginTop: MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left - 8,
    color: { type: "identity" },
    x: {
      ...AXIS,
      label: xLabel,
      domain: s.xDomain,
      nice: !s.xDomain,
      grid: !s.background,
      ticks: tickCount(width, 80),
    },
    y: {
      ...AXIS,
      label: yLabel,
      domain: s.yDomain,
      nice: !s.yDomain,
      grid: !s.background,
      ticks: tickCount(panelHeight, 50),
    },
    marks,
  });
  return makeChart(composeSvg({
    width,
    height,
    panels: [{ element, x: 0, y: head.height }],
    overlay: head.markup,
    label: title ?? "scatter plot by class",
  }));
}

/**
 * Draws the blobs dataset: one dot per point, coloured by class, with a class legend.
 *
 * @param blobs Points and their classes, e.g. the output of `makeBlobs`.
 * @param options See {@linkcode ScatterOptions}.
 * @returns A {@linkcode Chart}.
 *
 * @example
 * ```ts
 * import { blobsChart } from "./charts.ts";
 *
 * const chart = blobsChart({ x: [[0, 1], [2, 3], [-1, 4]], y: [0, 1, 2] }, { title: "make_blobs" });
 * console.assert(chart.svg.includes("class 2"));
 * ```
 */
export function blobsChart(
  blobs: { x: number[][]; y: number[] },
  options?: ScatterOptions,
): Chart {
  const what = "Cannot draw blobs chart";
  const o = optionsObject(what, options);
  const points = labelledPoints(what, "blobs", blobs);
  return scatterChart({
    what,
    options: o,
    points,
    classes: (extent(points.y)?.[1] ?? 0) + 1,
  });
}

/** One point of a prediction grid: its coordinates and the predicted class. */
export interface GridCell {
  /** First coordinate of the grid point. */
  x0: number;
  /** Second coordinate of the grid point. */
  x1: number;
  /** The class the model predicts there: an integer from 0. */
  cls: number;
}

function distinctSorted(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function minStep(sorted: number[]): number {
  let step = Infinity;
  for (let i = 1; i < sorted.length; i++) step = Math.min(step, sorted[i] - sorted[i - 1]);
  return Number.isFinite(step) ? step : 1;
}

/**
 * Draws a model's decision regions: the predicted class at each grid point as
 * a light background cell, with the data points on top in full colour.
 * Neighbouring cells of one class merge into one rectangle, so a 200×200 grid
 * stays a small SVG.
 *
 * @param grid The prediction at each point of a regular grid.
 * @param points The data points and their true classes.
 * @param options See {@linkcode ScatterOptions}.
 * @returns A {@linkcode Chart}.
 *
 * @example
 * ```ts
 * import { decisionRegions } from "./charts.ts";
 *
 * const grid = [];
 * for (let i = 0; i <= 20; i++) {
 *   for (let j = 0; j <= 20; j++) grid.push({ x0: i / 2 - 5, x1: j / 2 - 5, cls: i + j < 20 ? 0 : 1 });
 * }
 * const chart = decisionRegions(grid, { x: [[-3, -2], [3, 2]], y: [0, 1] });
 * console.assert(chart.svg.includes("<rect"));
 * ```
 */
export function decisionRegions(
  grid: GridCell[],
  points: { x: number[][]; y: number[] },
  options?: ScatterOptions,
): Chart {
  const what = "Cannot draw decision regions";
  const o = optionsObject(what, options);
  if (!Array.isArray(grid) || grid.length === 0) {
    typeFail(what, `grid must be a non-empty array of { x0, x1, cls }, got ${show(grid)}`);
  }
  grid.forEach((g, i) => {
    if (
      typeof g !== "object" || g === null || typeof g.x0 !== "number" ||
      typeof g.x1 !== "number" || !Number.isFinite(g.x0) || !Number.isFinite(g.x1)
    ) {
      typeFail(what, `grid[${i}] must be { x0, x1, cls } with finite numbers, got ${show(g)}`);
    }
    if (!Number.isInteger(g.cls) || g.cls < 0) {
      rangeFail(what, `grid[${i}].cls must be an integer class >= 0, got ${show(g.cls)}`);
    }
  });
  const data = labelledPoints(what, "points", points);
  const xs = distinctSorted(grid.map((g) => g.x0));
  const ys = distinctSorted(grid.map((g) => g.x1));
  const dx = minStep(xs);
  const dy = minStep(ys);
  // Merge runs of one class along each row into one rectangle.
  const rows = new Map<number, GridCell[]>();
  for (const g of grid) {
    const row = rows.get(g.x1) ?? [];
    row.push(g);
    rows.set(g.x1, row);
  }
  const background: ScatterSpec["background"] = [];
  for (const y of ys) {
    const row = rows.get(y)!.slice().sort((a, b) => a.x0 - b.x0);
    let start = row[0];
    let end = row[0];
    for (let i = 1; i <= row.length; i++) {
      const g = row[i];
      if (g && g.cls === start.cls && g.x0 - end.x0 <= dx * 1.5) {
        end = g;
        continue;
      }
      background.push({
        x1: start.x0 - dx / 2,
        x2: end.x0 + dx / 2,
        y1: y - dy / 2,
        y2: y + dy / 2,
        cls: start.cls,
      });
      if (g) start = end = g;
    }
  }
  return scatterChart({
    what,
    options: o,
    points: data,
    background,
    // The grid's extent, widened to every data point so none is drawn outside the frame.
    xDomain: extent([xs[0] - dx / 2, xs[xs.length - 1] + dx / 2, ...data.x.map((p) => p[0])]),
    yDomain: extent([ys[0] - dy / 2, ys[ys.length - 1] + dy / 2, ...data.x.map((p) => p[1])]),
    classes: extent([...grid.map((g) => g.cls), ...data.y])![1] + 1,
  });
}
