/**
 * Line charts: several series of points, each labelled directly at its last
 * point, on linear or logarithmic axes, so that measured points and a
 * predicted law (dots and a dashed line) can share one chart.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Axis, Chart, LegendItem } from "./chart.ts";
import { chartHeader, directLabels, headedChart, renderPlot, textWidth } from "./_svg.ts";
import {
  checkLogValues,
  extent,
  logTicks,
  padDomain,
  planeOptions,
  plotAxis,
  type ResolvedAxis,
  tickCount,
  tickLabel,
} from "./_ticks.ts";
import { CATEGORICAL, MARGIN, paletteColor } from "./_theme.ts";
import { capped, frameOptions, list, opening, say, sentences } from "./_describe.ts";
import {
  booleanOption,
  checkKeys,
  checkRecords,
  choiceOption,
  describe,
  isObject,
  optionsObject,
  rangeFail,
  stringOption,
  typeFail,
} from "../_validate.ts";

/** How a series is drawn: a line through its points, a dot at each, or both. */
export type LineMark = "line" | "dots" | "both";

/** One series of {@linkcode lineChart}. */
export interface LineSeries {
  /** Drawn at the series' last point, in its colour; `""` draws none. */
  label: string;
  /** The points, joined in the order given; a non-finite y breaks the line. */
  points: { x: number; y: number }[];
  /** Colour; defaults to the series' turn in the chart's `colors`. */
  color?: string;
  /** How the series is drawn; defaults to the chart's `mark`. */
  mark?: LineMark;
  /**
   * Draw the line dashed (e.g. a predicted law beside measured dots).
   * @default {false}
   */
  dashed?: boolean;
}

/** A horizontal reference line of {@linkcode lineChart}. */
export interface RuleY {
  /** Where the line is drawn on the y axis. */
  y: number;
  /** Text drawn just above the line at its left end; none by default. */
  label?: string;
}

/** Options of {@linkcode lineChart}. */
export interface LineChartOptions {
  /** Title of the chart; none by default. */
  title?: string;
  /**
   * Width in px.
   * @default {720}
   */
  width?: number;
  /**
   * Height in px.
   * @default {400}
   */
  height?: number;
  /** The x axis: label `"x"`, linear, domain the data's extent. */
  x?: Axis;
  /** The y axis: label `"y"`, linear, domain the data's (and rules') extent, rounded outwards. */
  y?: Axis;
  /**
   * Horizontal reference lines, e.g. `[0.8]` or `[{ y: 0.8, label: "80% target" }]`; none by
   * default.
   */
  rules?: (number | RuleY)[];
  /**
   * Colours of the series in turn, cycling; a series' own `color` wins.
   * @default {CATEGORICAL}
   */
  colors?: string[];
  /**
   * How every series without its own `mark` is drawn.
   * @default {"both"}
   */
  mark?: LineMark;
  /** Legend entries drawn in the header, e.g. what dots and dashes mean; none by default. */
  legend?: LegendItem[];
  /**
   * The chart's text description (its alt text); by default the axes, each series' last point
   * and range, and the rules.
   */
  description?: string;
}

const defaults = {
  width: 720,
  height: 400,
  x: { label: "x" },
  y: { label: "y" },
  colors: CATEGORICAL,
  mark: "both",
} as const;

const MARKS = ["line", "dots", "both"] as const;

/**
 * Draws series as lines and dots, each labelled directly at its last point
 * (labels nudged apart so they never overlap), on linear or log axes, with
 * optional horizontal rules and a legend in the header.
 *
 * @param series The series; points are drawn in the order given.
 * @param options See {@linkcode LineChartOptions}.
 * @returns A {@linkcode Chart}.
 * @throws {TypeError|RangeError} On bad input, naming it: e.g. a value ≤ 0 on a log axis.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineChart } from "./line_chart.ts";
 *
 * const batchSizes = [1, 4, 16, 64, 256];
 * const { svg } = lineChart([
 *   { label: "measured", mark: "dots", points: batchSizes.map((b) => ({ x: b, y: 10.5 / b })) },
 *   { label: "10/B", mark: "line", dashed: true, points: batchSizes.map((b) => ({ x: b, y: 10 / b })) },
 * ], {
 *   x: { label: "batch size", type: "log", ticks: batchSizes },
 *   y: { label: "squared error", type: "log" },
 *   rules: [{ y: 1, label: "noise = signal" }],
 * });
 * assert.ok(svg.includes(">10/B</text>") && svg.includes(">noise = signal</text>"));
 * assert.equal(svg.match(/<circle /g)?.length, batchSizes.length);
 * ```
 */
export function lineChart(series: LineSeries[], options?: LineChartOptions): Chart {
  const what = "Cannot draw line chart";
  const o = optionsObject(what, options, [
    "title",
    "rules",
    "legend",
    "description",
    ...Object.keys(defaults),
  ]);
  const { title, description, width } = frameOptions(what, o, defaults.width, 300);
  const { height, x, y, colors } = planeOptions(what, o, defaults);
  const mark = choiceOption(what, "mark", o.mark, MARKS, defaults.mark);
  const lines = checkSeries(what, series, { x, y, colors, mark });
  const rules = checkRules(what, o.rules, y);
  const legend = o.legend ?? [];
  if (!Array.isArray(legend)) typeFail(what, `legend must be an array, got ${describe(legend)}`);

  const finite = lines.flatMap((s) => s.points.filter((p) => Number.isFinite(p.y)));
  const xDomain = x.domain ?? extent(finite.map((p) => p.x)) ?? [1, 10];
  const yDomain = y.domain ??
    defaultYDomain(y, [...finite.map((p) => p.y), ...rules.map((r) => r.y)]);
  const head = chartHeader(width, title, legend);
  const panelHeight = height - head.height;
  const plotHeight = panelHeight - MARGIN.top - 4 - MARGIN.bottom;
  const labelWidth = Math.max(0, ...lines.map((s) => textWidth(s.label))) + 16;
  const marginRight = Math.max(MARGIN.right, labelWidth);
  const xAxis = plotAxis("x", x, xDomain, {
    pixels: width - MARGIN.left - marginRight,
    spacing: 80,
  });
  const yAxis = plotAxis("y", y, yDomain, {
    pixels: plotHeight,
    spacing: 40,
    grid: true,
    nice: y.domain ? false : tickCount(plotHeight, 40),
  });
  const yTicks = y.ticks ?? (y.type === "log" ? logTicks(yDomain[0], yDomain[1]) : undefined);
  const marginLeft = yTicks
    ? Math.max(MARGIN.left, ...yTicks.map((t) => textWidth(tickLabel(t)) + 30))
    : MARGIN.left;
  const inside = (p: { x: number; y: number }) =>
    p.x >= xDomain[0] && p.x <= xDomain[1] && p.y >= yDomain[0] && p.y <= yDomain[1];
  const marks: Plot.Markish[] = [...yAxis.marks, ...xAxis.marks, ...ruleMarks(rules)];
  for (const s of lines) {
    if (s.mark !== "dots") {
      marks.push(Plot.line(s.points, {
        x: "x",
        y: "y",
        stroke: s.color,
        strokeWidth: 1.8,
        clip: true, // a line that leaves the domain stops at the frame
        ...(s.dashed ? { strokeDasharray: "6 4" } : {}),
      }));
    }
    if (s.mark !== "line") {
      // Not clipped, so a dot on the frame is whole; dots outside the domain are left out.
      marks.push(Plot.dot(s.points.filter(inside), { x: "x", y: "y", fill: s.color, r: 3 }));
    }
  }
  const element = renderPlot({
    width,
    height: panelHeight,
    marginTop: MARGIN.top + 4,
    marginRight,
    marginBottom: MARGIN.bottom,
    marginLeft,
    x: xAxis.scale,
    y: yAxis.scale,
    marks,
  });
  const labels = lines.map((s) => {
    const drawn = s.points.filter((p) => Number.isFinite(p.y));
    return { label: s.label, color: s.color, last: drawn.findLast(inside) ?? drawn.at(-1) };
  });
  const frame: [number, number] = [MARGIN.top + 4, panelHeight - MARGIN.bottom];
  const text = description ?? describeLines(title, x, y, lines, rules);
  return headedChart({
    width,
    height,
    element,
    head,
    overlay: [
      ...head.markup,
      ...directLabels(element, labels, head.height, frame),
    ],
    label: title ?? `${y.label} by ${x.label}`,
    description: text,
  });
}

/** What a line chart shows: its axes, each series' range and last point, its rules. */
function describeLines(
  title: string | undefined,
  x: ResolvedAxis,
  y: ResolvedAxis,
  lines: ResolvedSeries[],
  rules: RuleY[],
): string {
  // A label that already says "log" ("loss (log scale)") is not told so twice.
  const axis = (a: ResolvedAxis, name: string) =>
    `${a.label || name}${a.type === "log" && !/\blog\b/i.test(a.label) ? " (log scale)" : ""}`;
  const series = lines.map((s, i) => {
    const drawn = s.points.filter((p) => Number.isFinite(p.y));
    const name = s.label || `series ${i + 1}`;
    const last = drawn.at(-1);
    if (!last) return `${name}: no finite values`;
    const ys = drawn.map((p) => p.y);
    const how = s.mark === "dots" ? "dots" : s.dashed ? "dashed line" : "line";
    return `${name} (${how}, ${drawn.length} points, ${y.label || "y"} from ` +
      `${say(Math.min(...ys))} to ${say(Math.max(...ys))}, last ${say(last.y)} at ` +
      `${x.label || "x"} ${say(last.x)})`;
  });
  const ruled = rules.map((r) => `${say(r.y)}${r.label ? ` (${r.label})` : ""}`);
  return sentences(
    `${opening("Line chart", title)}: ${axis(y, "y")} against ${axis(x, "x")}, ` +
      `${lines.length} series`,
    capped(series, "series").join("; "),
    ruled.length > 0 && `Reference line${ruled.length > 1 ? "s" : ""} at ${list(ruled)}`,
  );
}

/** A series checked, with its colour and mark filled in and non-finite x left out. */
interface ResolvedSeries {
  label: string;
  points: { x: number; y: number }[];
  color: string;
  mark: LineMark;
  dashed: boolean;
}

function checkSeries(
  what: string,
  series: unknown,
  chart: { x: ResolvedAxis; y: ResolvedAxis; colors: readonly string[]; mark: LineMark },
): ResolvedSeries[] {
  return checkRecords(what, "series", series, "{ label, points }").map((s, i) => {
    checkKeys(what, `series[${i}]`, s, ["label", "points", "color", "mark", "dashed"]);
    const label = s.label;
    if (typeof label !== "string") {
      typeFail(what, `series[${i}].label must be a string, got ${describe(label)}`);
    }
    const points = s.points;
    if (
      !Array.isArray(points) ||
      points.some((p) => !isObject(p) || typeof p.x !== "number" || typeof p.y !== "number")
    ) {
      typeFail(
        what,
        `series[${i}].points must be an array of { x, y } numbers, got ${describe(points)}`,
      );
    }
    const where = `series[${i}] ("${label}")`;
    checkLogValues(what, "x", chart.x, points.map((p) => p.x), where);
    checkLogValues(what, "y", chart.y, points.map((p) => p.y), where);
    return {
      label,
      points: (points as { x: number; y: number }[]).filter((p) => Number.isFinite(p.x)),
      color: stringOption(what, `series[${i}].color`, s.color, paletteColor(chart.colors, i)),
      mark: choiceOption(what, `series[${i}].mark`, s.mark, MARKS, chart.mark),
      dashed: booleanOption(what, `series[${i}].dashed`, s.dashed, false),
    };
  });
}

function checkRules(what: string, rules: unknown, y: ResolvedAxis): RuleY[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) typeFail(what, `rules must be an array, got ${describe(rules)}`);
  return rules.map((r, i) => {
    const rule = typeof r === "number" ? { y: r } : r;
    if (!isObject(rule) || typeof rule.y !== "number") {
      typeFail(what, `rules[${i}] must be a number or { y, label }, got ${describe(r)}`);
    }
    if (!Number.isFinite(rule.y) || (y.type === "log" && rule.y <= 0)) {
      const must = y.type === "log" ? "finite and above 0 on a log axis" : "finite";
      rangeFail(what, `rules[${i}].y must be ${must}, got ${rule.y}`);
    }
    return { y: rule.y, label: stringOption(what, `rules[${i}].label`, rule.label, undefined) };
  });
}

/** The data's extent: on a linear axis as is (Plot rounds it to ticks), on a log axis padded. */
function defaultYDomain(y: ResolvedAxis, values: number[]): [number, number] {
  const e = extent(values);
  if (!e) return y.type === "log" ? [1, 10] : [0, 1];
  if (y.type === "log") return padDomain(e, "log", 0.06);
  return e[0] === e[1] ? [e[0] - 0.5, e[1] + 0.5] : e;
}

/** Dashed horizontal rules across the frame, each labelled just above its left end. */
function ruleMarks(rules: readonly RuleY[]): Plot.Markish[] {
  return rules.flatMap((r) => [
    Plot.ruleY([r.y], { stroke: "#555", strokeDasharray: "5 4" }),
    ...(r.label
      ? [Plot.text([r.label], {
        y: r.y,
        frameAnchor: "left",
        textAnchor: "start",
        dx: 4,
        dy: -7,
        fill: "#444",
        stroke: "white",
        strokeWidth: 4,
        paintOrder: "stroke",
      })]
      : []),
  ]);
}
