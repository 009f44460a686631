/**
 * Learning curves: one run's accuracy and loss ({@linkcode learningCurves}),
 * small multiples of runs ({@linkcode curveGrid}), and runs that differ only
 * by seed summed up as a mean with a band ({@linkcode seedBand}). Train is
 * blue and test orange, as in the tutorial. A grid of panels is one
 * Observable Plot with facets, so every panel has the same x and y scale.
 *
 * @module
 */
import type { History } from "../types.ts";
import type { Axis, Chart, LegendItem } from "./chart.ts";
import { chartHeader } from "./_svg.ts";
import { axisOption, type ResolvedAxis } from "./_ticks.ts";
import { composeGrids, facetCurves, GRID_MARGIN, gridChart } from "./_panels.ts";
import { capped, frameOptions, lastFinite, opening, say, sentences } from "./_describe.ts";
import {
  aggregate,
  type BandPoint,
  type Curve,
  defaultTitles,
  epochDomain,
  maxEpoch,
  type Metric,
  metricDomain,
  toCurve,
  toCurveGroups,
  toCurves,
} from "./_curves.ts";
import { PANEL_TITLE, TEST_COLOR, TRAIN_COLOR } from "./_theme.ts";
import {
  choiceOption,
  numberOption,
  optionsObject,
  rangeFail,
  stringsOption,
} from "../_validate.ts";

export type { Metric } from "./_curves.ts";

const TRAIN_TEST: LegendItem[] = [
  { label: "train", color: TRAIN_COLOR },
  { label: "test", color: TEST_COLOR },
];

// ---------------------------------------------------------------------------
// learningCurves

/** Options of {@linkcode learningCurves}. */
export interface LearningCurvesOptions {
  /** Title drawn above the panels, e.g. `"batch=32, lr=0.01"`; none by default. */
  title?: string;
  /**
   * Width of the whole chart in px (two panels side by side).
   * @default {820}
   */
  width?: number;
  /**
   * Height of the whole chart in px.
   * @default {320}
   */
  height?: number;
  /** The epoch axis of both panels: label `"epoch"`, domain from 0 to the last epoch. */
  x?: Axis;
  /** The y axis of the accuracy panel: label `"accuracy"`, domain the data's extent. */
  accuracy?: Axis;
  /** The y axis of the loss panel: label `"loss"`, domain from 0 to the largest finite loss. */
  loss?: Axis;
  /**
   * The chart's text description (its alt text); by default what it shows and the final train
   * and test accuracy and loss, e.g. "Learning curves: train and test accuracy (left) and loss
   * (right) over 200 epochs. Final accuracy: train 0.816, test 0.830; …".
   */
  description?: string;
}

const learningCurvesDefaults = {
  width: 820,
  height: 320,
  x: { label: "epoch" },
  accuracy: { label: "accuracy" },
  loss: { label: "loss" },
} as const;

/**
 * Draws one run's learning curves as two panels side by side: accuracy and
 * loss per epoch, train in blue and test in orange, as in the tutorial. A run
 * that diverged is drawn up to its last finite epoch, with a marker. The two
 * panels have their own y axes, `accuracy` and `loss`, and share `x`.
 *
 * @param history The run, as `fitModel` returns it.
 * @param options See {@linkcode LearningCurvesOptions}.
 * @returns A {@linkcode Chart}.
 * @throws {TypeError|RangeError} On a bad history or option, naming it and its value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { learningCurves } from "./learning_curves.ts";
 * import type { History } from "../types.ts";
 *
 * const epochs = Array.from({ length: 50 }, (_, i) => ({
 *   epoch: i + 1, loss: 1 / (i + 2), accuracy: 0.83 - 0.4 / (i + 2),
 *   valLoss: 1.1 / (i + 2), valAccuracy: 0.81 - 0.4 / (i + 2), seconds: i / 10, updates: 16 * (i + 1),
 * }));
 * const history: History = {
 *   batchSize: 32, learningRate: 0.01, momentum: 0.9, loss: "logits", seed: 0, epochs, divergedAt: null,
 *   train: { loss: 0.4, accuracy: 0.83 }, test: { loss: 0.45, accuracy: 0.81 }, weights: [],
 * };
 * const { svg } = learningCurves(history, { title: "batch=32, lr=0.01", loss: { type: "log" } });
 * assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="820" height="320"/);
 * assert.ok(svg.includes(">batch=32, lr=0.01</text>") && svg.includes(">Loss</text>"));
 * ```
 */
export function learningCurves(history: History, options?: LearningCurvesOptions): Chart {
  const what = "Cannot draw learning curves";
  const defaults = learningCurvesDefaults;
  const o = optionsObject(what, options, ["title", ...Object.keys(defaults), "description"]);
  const curve = toCurve(what, "history", history);
  const { title, description, width } = frameOptions(what, o, defaults.width, 300);
  const height = numberOption(what, "height", o.height, defaults.height, 160);
  const x = axisOption(what, "x", o.x, defaults.x);
  const head = chartHeader(width, title, TRAIN_TEST);
  if (height - head.height - PANEL_TITLE < 100) {
    rangeFail(what, `height must leave 100 px for the panels, got ${height}`);
  }
  const grids = (["accuracy", "loss"] as const).map((metric, i) => {
    const y = axisOption(what, metric, o[metric], defaults[metric]);
    const points = curve[metric];
    const grid = facetCurves(what, {
      width: width / 2,
      panelHeight: height - head.height - GRID_MARGIN.top - GRID_MARGIN.bottom,
      columns: 1,
      x,
      xDomain: epochDomain(x, [curve]),
      y,
      yDomain: y.domain ?? metricDomain(metric, points.flatMap((p) => [p.train, p.test]), y.type),
      panels: [{
        title: metric === "accuracy" ? "Accuracy" : "Loss",
        lines: points,
        divergedAt: curve.divergedAt,
      }],
    });
    return { ...grid, x: i * width / 2 };
  });
  return composeGrids(
    title,
    TRAIN_TEST,
    width,
    grids,
    title ?? "learning curves",
    description ?? describeRun(title, curve, maxEpoch([curve])),
  );
}

/** What one run's learning curves show: the final train and test accuracy and loss. */
function describeRun(title: string | undefined, c: Curve, epochs: number): string {
  // A run that diverged ends in NaN: its last finite values are what the chart ends on.
  const last = c.divergedAt === null ? "final" : "last finite";
  const final = (metric: Metric) => {
    const points = c[metric];
    const train = say(lastFinite(points.map((p) => p.train)));
    const test = say(lastFinite(points.map((p) => p.test)));
    return `${last} ${metric}: train ${train}, test ${test}`;
  };
  return sentences(
    `${opening("Learning curves", title)}: train and test accuracy (left panel) and loss ` +
      `(right panel) over ${epochs} epochs, batch size ${c.batchSize}, learning rate ` +
      `${c.learningRate}`,
    `${capitalize(final("accuracy"))}; ${final("loss")}`,
    c.divergedAt !== null && `The run diverged at epoch ${c.divergedAt}`,
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The axes a grid is drawn on, as its description tells them. */
interface ShownAxes {
  x: ResolvedAxis;
  y: ResolvedAxis;
}

/** "200 epochs", or "epochs 50 to 200" when the x axis shows only those. */
function shownEpochs(axes: ShownAxes, curves: Curve[]): string {
  const domain = axes.x.domain;
  return domain === undefined
    ? `${maxEpoch(curves)} epochs`
    : `epochs ${say(domain[0])} to ${say(domain[1])}`;
}

/** Whether the x axis shows this epoch (every epoch when it has no domain). */
function shown(axes: ShownAxes, epoch: number): boolean {
  const domain = axes.x.domain;
  return domain === undefined || (epoch >= domain[0] && epoch <= domain[1]);
}

/** ", y axis from 0.68 to 0.86" when the y axis is cut to a domain; "" otherwise. */
function shownRange(axes: ShownAxes): string {
  const domain = axes.y.domain;
  return domain === undefined ? "" : `, y axis from ${say(domain[0])} to ${say(domain[1])}`;
}

/** What a grid of runs shows: the panels and each one's final train and test value. */
function describeGrid(
  title: string | undefined,
  metric: Metric,
  curves: Curve[],
  titles: string[],
  axes: ShownAxes,
): string {
  const finals = curves.map((c, i) => {
    const points = c[metric].filter((p) => shown(axes, p.epoch));
    const train = say(lastFinite(points.map((p) => p.train)));
    const test = say(lastFinite(points.map((p) => p.test)));
    const diverged = c.divergedAt === null ? "" : ` (diverged at epoch ${c.divergedAt})`;
    return `${titles[i]} ${train} and ${test}${diverged}`;
  });
  return sentences(
    `${opening("Learning curves", title)}: train and test ${metric} over ` +
      `${shownEpochs(axes, curves)}, one panel per run on a shared y axis` +
      `${shownRange(axes)} (${curves.length} panels)`,
    `Final train and test ${metric}: ${capped(finals, "panels").join("; ")}`,
  );
}

/** What a seed band shows: per group, the final mean test value and its band. */
function describeBands(
  title: string | undefined,
  metric: Metric,
  groups: Curve[][],
  bands: BandPoint[][],
  titles: string[],
  bandLabel: string,
  axes: ShownAxes,
): string {
  const finals = bands.map((b, i) => {
    const last = b.findLast((p) => Number.isFinite(p.testMean) && shown(axes, p.epoch));
    if (!last) return `${titles[i]} no finite values`;
    return `${titles[i]} ${say(last.testMean)} (band ${say(last.testLo)} to ${say(last.testHi)}` +
      `, train ${say(last.trainMean)})`;
  });
  const panels = groups.length === 1 ? "one panel" : `one panel per group (${groups.length})`;
  return sentences(
    `${opening("Learning curves", title)}: mean train and test ${metric} over ` +
      `${shownEpochs(axes, groups.flat())} across seeds, with a band of the ${bandLabel}, ` +
      `${panels}${shownRange(axes)}`,
    `Final mean test ${metric}: ${capped(finals, "panels").join("; ")}`,
  );
}

// ---------------------------------------------------------------------------
// curveGrid

/**
 * Options of a grid of panels, {@linkcode curveGrid} and {@linkcode seedBand}:
 * every panel on the same `x` and `y` axis.
 */
export interface PanelGridOptions {
  /**
   * Which curves to draw.
   * @default {"accuracy"}
   */
  metric?: Metric;
  /**
   * Panels per row.
   * @default {4}
   */
  columns?: number;
  /**
   * One title per panel; defaults to `batch=<batchSize>` of its (first) run, with
   * `, lr=…` when learning rates differ.
   */
  titles?: string[];
  /** Title of the whole chart; none by default. */
  title?: string;
  /**
   * Width of the whole chart in px.
   * @default {880} (640 for a seed band of one group)
   */
  width?: number;
  /**
   * Height of each panel's frame in px (titles and axes come on top).
   * @default {140} (250 for a seed band of one group)
   */
  panelHeight?: number;
  /** The epoch axis: label `"epoch"`, domain from 0 to the longest run. */
  x?: Axis;
  /**
   * The y axis: label the metric, domain the extent of what is drawn (accuracy up to 1,
   * loss from 0).
   */
  y?: Axis;
  /**
   * The chart's text description (its alt text); by default what it shows and each panel's
   * final train and test value (a seed band: the final mean test value and its band).
   */
  description?: string;
}

/** The options a grid of panels takes. */
const PANEL_GRID_KEYS = [
  "metric",
  "columns",
  "titles",
  "title",
  "width",
  "panelHeight",
  "x",
  "y",
  "description",
] as const;

/** Options of {@linkcode curveGrid}: see {@linkcode PanelGridOptions}. */
export type CurveGridOptions = PanelGridOptions;

const curveGridDefaults = {
  metric: "accuracy",
  columns: 4,
  width: 880,
  panelHeight: 140,
  x: { label: "epoch" },
} as const;

/**
 * Draws small multiples: one titled panel of train (blue) and test (orange)
 * curves per history, all on one shared x and y scale so panels compare at a
 * glance (Plot facets).
 *
 * @param histories The runs, e.g. one per batch size.
 * @param options See {@linkcode CurveGridOptions}.
 * @returns A {@linkcode Chart}.
 * @throws {TypeError|RangeError} On a bad history or option, naming it and its value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { curveGrid } from "./learning_curves.ts";
 * import type { History } from "../types.ts";
 *
 * const run = (batchSize: number): History => ({
 *   batchSize, learningRate: 0.01, momentum: 0.9, loss: "logits", seed: 0, divergedAt: null, weights: [],
 *   train: { loss: 0.4, accuracy: 0.8 }, test: { loss: 0.4, accuracy: 0.8 },
 *   epochs: Array.from({ length: 20 }, (_, i) => ({
 *     epoch: i + 1, loss: 1 / (i + 2), accuracy: 0.8 - 0.3 / (i + 2), valLoss: 1 / (i + 2),
 *     valAccuracy: 0.8 - 0.35 / (i + 2), seconds: i, updates: i * Math.ceil(500 / batchSize),
 *   })),
 * });
 * const { svg } = curveGrid([4, 8, 16, 32].map(run), { y: { domain: [0.4, 0.9] } });
 * for (const b of [4, 8, 16, 32]) assert.ok(svg.includes(`>batch=${b}</text>`));
 * assert.equal(svg.match(/>0.6<\/text>/g)?.length, 1); // one y axis for the row of panels
 * ```
 */
export function curveGrid(histories: History[], options?: CurveGridOptions): Chart {
  const what = "Cannot draw curve grid";
  const defaults = curveGridDefaults;
  const o = optionsObject(what, options, PANEL_GRID_KEYS);
  const curves = toCurves(what, "histories", histories);
  const metric = choiceOption(what, "metric", o.metric, ["accuracy", "loss"], defaults.metric);
  const titles = stringsOption(what, "titles", o.titles, curves.length) ?? defaultTitles(curves);
  const x = axisOption(what, "x", o.x, defaults.x);
  const y = axisOption(what, "y", o.y, { label: metric });
  const values = curves.flatMap((c) => c[metric].flatMap((p) => [p.train, p.test]));
  const describe = (title: string | undefined) =>
    describeGrid(title, metric, curves, titles, { x, y });
  return gridChart(what, o, defaults, {
    legend: TRAIN_TEST,
    x,
    xDomain: epochDomain(x, curves),
    y,
    yDomain: y.domain ?? metricDomain(metric, values, y.type),
    panels: curves.map((c, i) => ({
      title: titles[i],
      lines: c[metric],
      divergedAt: c.divergedAt,
    })),
  }, describe);
}

// ---------------------------------------------------------------------------
// seedBand

/** Options of {@linkcode seedBand}: those of {@linkcode PanelGridOptions} and the band. */
export interface SeedBandOptions extends PanelGridOptions {
  /**
   * The band around the mean: `"minmax"` (min to max over seeds) or `"sd"` (±1 standard
   * deviation).
   * @default {"minmax"}
   */
  band?: "minmax" | "sd";
}

const seedBandDefaults = {
  metric: "accuracy",
  band: "minmax",
  columns: 4,
  x: { label: "epoch" },
  /** Several groups: a grid of panels. */
  several: { width: 880, panelHeight: 140 },
  /** One group: one larger panel. */
  one: { width: 640, panelHeight: 250 },
} as const;

/**
 * Draws the mean train (blue) and test (orange) curve across seeds with a
 * band around it (min–max by default, or ±1 sd), one titled panel per group
 * of runs, all panels on one shared x and y scale (Plot facets). Runs that
 * stopped early drop out of the later epochs.
 *
 * @param groups Groups of runs that differ only by seed, one panel per group:
 *   `[runs]` for one panel, `[runsA, runsB]` for two.
 * @param options See {@linkcode SeedBandOptions}.
 * @returns A {@linkcode Chart}.
 * @throws {TypeError} When `groups` is not an array of arrays of histories (e.g. one
 *   group passed bare), or on a bad option.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedBand } from "./learning_curves.ts";
 * import type { History } from "../types.ts";
 *
 * const run = (seed: number): History => ({
 *   batchSize: 32, learningRate: 0.01, momentum: 0.9, loss: "logits", seed, divergedAt: null, weights: [],
 *   train: { loss: 0.4, accuracy: 0.8 }, test: { loss: 0.4, accuracy: 0.8 },
 *   epochs: Array.from({ length: 20 }, (_, i) => ({
 *     epoch: i + 1, loss: 1 / (i + 2), accuracy: 0.8 - (0.3 + seed / 20) / (i + 2),
 *     valLoss: 1 / (i + 2), valAccuracy: 0.8 - (0.35 + seed / 20) / (i + 2), seconds: i, updates: 16 * i,
 *   })),
 * });
 * const runs = [0, 1, 2, 3, 4].map(run);
 * assert.ok(seedBand([runs], { band: "sd" }).svg.includes("±1 sd, 5 seeds"));
 * assert.throws(() => seedBand(runs as never), TypeError); // one group is [runs]
 * ```
 */
export function seedBand(groups: History[][], options?: SeedBandOptions): Chart {
  const what = "Cannot draw seed band";
  const o = optionsObject(what, options, [...PANEL_GRID_KEYS, "band"]);
  const { several, one, ...defaults } = seedBandDefaults;
  const curveGroups = toCurveGroups(what, groups);
  const metric = choiceOption(what, "metric", o.metric, ["accuracy", "loss"], defaults.metric);
  const band = choiceOption(what, "band", o.band, ["minmax", "sd"], defaults.band);
  const titles = stringsOption(what, "titles", o.titles, curveGroups.length) ??
    defaultTitles(curveGroups.map((g) => g[0]));
  const x = axisOption(what, "x", o.x, defaults.x);
  const y = axisOption(what, "y", o.y, { label: metric });
  const bands = curveGroups.map((g) => aggregate(g, metric, band));
  const values = bands.flatMap((b) => b.flatMap((p) => [p.trainLo, p.trainHi, p.testLo, p.testHi]));
  const seeds = Math.max(...curveGroups.map((g) => g.length));
  const bandLabel = band === "minmax" ? `min–max of ${seeds} seeds` : `±1 sd, ${seeds} seeds`;
  const describe = (title: string | undefined) =>
    describeBands(
      title,
      metric,
      curveGroups,
      bands,
      titles,
      band === "minmax" ? `minimum to maximum of ${seeds} seeds` : `mean ±1 sd of ${seeds} seeds`,
      { x, y },
    );
  return gridChart(what, o, { ...defaults, ...(curveGroups.length === 1 ? one : several) }, {
    legend: [
      { label: "train mean", color: TRAIN_COLOR },
      { label: "test mean", color: TEST_COLOR },
      { label: bandLabel, color: "#c8c8c8", kind: "rect" },
    ],
    x,
    xDomain: epochDomain(x, curveGroups.flat()),
    y,
    yDomain: y.domain ?? metricDomain(metric, values, y.type),
    panels: bands.map((b, i) => ({ title: titles[i], band: b, divergedAt: null })),
  }, describe);
}
