/**
 * Scatter plots of points with a class each: the blobs dataset
 * ({@linkcode blobsChart}) and a model's decision regions under it
 * ({@linkcode decisionRegions}).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Axis, Chart } from "./chart.ts";
import { chartHeader, headedChart, renderPlot } from "./_svg.ts";
import { frameOptions, list, opening, say, sentences } from "./_describe.ts";
import { checkLogValues, extent, planeOptions, plotAxis, type ResolvedAxis } from "./_ticks.ts";
import { CATEGORICAL, lighten, MARGIN, paletteColor } from "./_theme.ts";
import {
  checkRecords,
  describe,
  isObject,
  optionsObject,
  rangeFail,
  stringsOption,
  typeFail,
} from "../_validate.ts";

/** Points with a class each, as `makeBlobs` returns them. */
export interface LabelledPoints {
  /** One `[x0, x1]` pair per point. */
  x: number[][];
  /** The class of each point: an integer from 0. */
  y: number[];
}

/** Options of {@linkcode blobsChart} and {@linkcode decisionRegions}. */
export interface ScatterOptions {
  /** Title of the chart; none by default. */
  title?: string;
  /**
   * Width in px.
   * @default {640}
   */
  width?: number;
  /**
   * Height in px.
   * @default {500}
   */
  height?: number;
  /** The horizontal axis (the first feature): label `"x0"`, domain the data's, rounded outwards. */
  x?: Axis;
  /** The vertical axis (the second feature): label `"x1"`, domain the data's, rounded outwards. */
  y?: Axis;
  /** Legend name of each class; defaults to `class 0`, `class 1`, …. */
  classNames?: string[];
  /**
   * Colour of each class, cycling.
   * @default {CATEGORICAL}
   */
  colors?: string[];
  /**
   * The chart's text description (its alt text); by default the points per class and their
   * extent (decision regions: also the share of the plane each class is predicted on).
   */
  description?: string;
}

const defaults = {
  width: 640,
  height: 500,
  x: { label: "x0" },
  y: { label: "x1" },
  colors: CATEGORICAL,
} as const;

/** One point of a prediction grid: its coordinates and the predicted class. */
export interface GridCell {
  /** First coordinate of the grid point. */
  x0: number;
  /** Second coordinate of the grid point. */
  x1: number;
  /** The class the model predicts there: an integer from 0. */
  cls: number;
}

/**
 * Draws the blobs dataset: one dot per point, coloured by class, with a class legend.
 *
 * @param blobs Points and their classes, e.g. the output of `makeBlobs`.
 * @param options See {@linkcode ScatterOptions}.
 * @returns A {@linkcode Chart}.
 * @throws {TypeError|RangeError} On bad points or a bad option, naming it and its value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { blobsChart } from "./scatter.ts";
 *
 * const { svg } = blobsChart({ x: [[0, 1], [2, 3], [-1, 4]], y: [0, 1, 2] }, { title: "make_blobs" });
 * assert.ok(svg.includes(">class 2</text>"));
 * assert.equal(svg.match(/<circle /g)?.length, 3 + 3); // the points, then the legend's dots
 * ```
 */
export function blobsChart(blobs: LabelledPoints, options?: ScatterOptions): Chart {
  const what = "Cannot draw blobs chart";
  const points = labelledPoints(what, "blobs", blobs);
  return scatter(what, options, points, { classes: (extent(points.y)?.[1] ?? 0) + 1 });
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
 * @throws {TypeError|RangeError} On a bad grid, points or option, naming it and its value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decisionRegions } from "./scatter.ts";
 *
 * const grid = [];
 * for (let i = 0; i <= 20; i++) {
 *   for (let j = 0; j <= 20; j++) grid.push({ x0: i / 2 - 5, x1: j / 2 - 5, cls: i + j < 20 ? 0 : 1 });
 * }
 * const { svg } = decisionRegions(grid, { x: [[-3, -2], [3, 2]], y: [0, 1] });
 * const rects = /aria-label="rect"[^>]*>(.*?)<\/g>/.exec(svg)![1].match(/<rect /g)!.length;
 * assert.ok(rects < grid.length / 10, `${rects} rectangles for ${grid.length} grid points`);
 * ```
 */
export function decisionRegions(
  grid: GridCell[],
  points: LabelledPoints,
  options?: ScatterOptions,
): Chart {
  const what = "Cannot draw decision regions";
  checkGrid(what, grid);
  const data = labelledPoints(what, "points", points);
  const xs = distinctSorted(grid.map((g) => g.x0));
  const ys = distinctSorted(grid.map((g) => g.x1));
  const dx = minStep(xs);
  const dy = minStep(ys);
  return scatter(what, options, data, {
    background: mergeRows(grid, ys, dx, dy),
    // The grid's extent, widened to every data point so none is drawn outside the frame.
    xDomain: extent([xs[0] - dx / 2, xs[xs.length - 1] + dx / 2, ...data.x.map((p) => p[0])]),
    yDomain: extent([ys[0] - dy / 2, ys[ys.length - 1] + dy / 2, ...data.x.map((p) => p[1])]),
    classes: extent([...grid.map((g) => g.cls), ...data.y])![1] + 1,
  });
}

/** A background rectangle of one class. */
interface Region {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  cls: number;
}

function scatter(
  what: string,
  options: ScatterOptions | undefined,
  points: LabelledPoints,
  s: {
    classes: number;
    background?: Region[];
    xDomain?: [number, number];
    yDomain?: [number, number];
  },
): Chart {
  const o = optionsObject(what, options, [
    "title",
    "classNames",
    "description",
    ...Object.keys(defaults),
  ]);
  const { title, description, width } = frameOptions(what, o, defaults.width, 200);
  const { height, x, y, colors } = planeOptions(what, o, defaults);
  const names = stringsOption(what, "classNames", o.classNames, s.classes) ??
    Array.from({ length: s.classes }, (_, i) => `class ${i}`);
  checkLogValues(what, "x", x, points.x.map((p) => p[0]), "the points");
  checkLogValues(what, "y", y, points.x.map((p) => p[1]), "the points");
  const color = (c: number) => paletteColor(colors, c);
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
      fill: (d: Region) => lighten(color(d.cls), 0.72),
      shapeRendering: "crispEdges",
    }));
  }
  // One mark per class, so each class's colour is set once on its group.
  for (let c = 0; c < s.classes; c++) {
    const dots = points.x.filter((_, i) => points.y[i] === c);
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
  const all = (k: 0 | 1) => extent(points.x.map((p) => p[k])) ?? [0, 1];
  const grid = !s.background;
  const xAxis = plotAxis("x", x, x.domain ?? s.xDomain ?? all(0), {
    pixels: width,
    spacing: 80,
    grid,
    nice: !x.domain && !s.xDomain,
  });
  const yAxis = plotAxis("y", y, y.domain ?? s.yDomain ?? all(1), {
    pixels: panelHeight,
    spacing: 50,
    grid,
    nice: !y.domain && !s.yDomain,
  });
  const element = renderPlot({
    width,
    height: panelHeight,
    marginTop: MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left - 8,
    color: { type: "identity" },
    x: xAxis.scale,
    y: yAxis.scale,
    marks: [...marks, ...xAxis.marks, ...yAxis.marks],
  });
  const text = description ?? describePoints(title, x, y, points, names, s.background);
  return headedChart({
    width,
    height,
    element,
    head,
    label: title ?? "scatter plot by class",
    description: text,
  });
}

/** What a scatter plot shows: points per class, their extent, and the predicted regions' shares. */
function describePoints(
  title: string | undefined,
  x: ResolvedAxis,
  y: ResolvedAxis,
  points: LabelledPoints,
  names: string[],
  background: Region[] | undefined,
): string {
  // Classes with points (a class only the background shows, like "seeds disagree", has none).
  const counts = names.flatMap((name, c) => {
    const n = points.y.filter((v) => v === c).length;
    return n > 0 ? [`${n} ${name}`] : [];
  });
  const range = (k: 0 | 1) => {
    const e = extent(points.x.map((p) => p[k]));
    return e ? `from ${say(e[0])} to ${say(e[1])}` : "empty";
  };
  let regions: string | undefined;
  if (background) {
    const area = names.map(() => 0);
    for (const r of background) area[r.cls] += Math.abs((r.x2 - r.x1) * (r.y2 - r.y1));
    const total = area.reduce((a, b) => a + b, 0);
    regions = `The model predicts ${
      list(names.map((name, c) => `${name} on ${Math.round((100 * area[c]) / (total || 1))}%`))
    } of the plotted plane, drawn as light background regions`;
  }
  return sentences(
    `${opening(background ? "Decision regions" : "Scatter plot", title)}: ` +
      `${points.x.length} points coloured by class (${list(counts)}), ` +
      `${x.label || "x"} ${range(0)} across, ${y.label || "y"} ${range(1)} up`,
    regions,
  );
}

function labelledPoints(what: string, name: string, p: unknown): LabelledPoints {
  if (!isObject(p)) typeFail(what, `${name} must be { x, y }, got ${describe(p)}`);
  const { x, y } = p;
  if (
    !Array.isArray(x) ||
    x.some((r) =>
      !Array.isArray(r) || r.length < 2 || typeof r[0] !== "number" || typeof r[1] !== "number"
    )
  ) {
    typeFail(what, `${name}.x must be an array of [x0, x1] number pairs, got ${describe(x)}`);
  }
  if (!Array.isArray(y) || y.length !== x.length) {
    rangeFail(what, `${name}.y must be an array of ${x.length} class labels, got ${describe(y)}`);
  }
  const bad = y.findIndex((c) => !Number.isInteger(c) || c < 0);
  if (bad >= 0) {
    rangeFail(
      what,
      `${name}.y must hold integer classes >= 0, got ${describe(y[bad])} at index ${bad}`,
    );
  }
  return { x, y };
}

function checkGrid(what: string, grid: unknown): asserts grid is GridCell[] {
  checkRecords(what, "grid", grid, "{ x0, x1, cls }").forEach((g, i) => {
    if (
      typeof g.x0 !== "number" || typeof g.x1 !== "number" ||
      !Number.isFinite(g.x0) || !Number.isFinite(g.x1)
    ) {
      typeFail(what, `grid[${i}] must be { x0, x1, cls } with finite numbers, got ${describe(g)}`);
    }
    if (!Number.isInteger(g.cls) || (g.cls as number) < 0) {
      rangeFail(what, `grid[${i}].cls must be an integer class >= 0, got ${describe(g.cls)}`);
    }
  });
}

function distinctSorted(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function minStep(sorted: number[]): number {
  let step = Infinity;
  for (let i = 1; i < sorted.length; i++) step = Math.min(step, sorted[i] - sorted[i - 1]);
  return Number.isFinite(step) ? step : 1;
}

/** Merges runs of one class along each row of the grid into one rectangle. */
function mergeRows(grid: GridCell[], ys: number[], dx: number, dy: number): Region[] {
  const rows = new Map<number, GridCell[]>();
  for (const g of grid) {
    const row = rows.get(g.x1) ?? [];
    row.push(g);
    rows.set(g.x1, row);
  }
  const regions: Region[] = [];
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
      regions.push({
        x1: start.x0 - dx / 2,
        x2: end.x0 + dx / 2,
        y1: y - dy / 2,
        y2: y + dy / 2,
        cls: start.cls,
      });
      if (g) start = end = g;
    }
  }
  return regions;
}
