/**
 * The spread of values per row: one dot per value and a tick at the mean,
 * e.g. the final test accuracy of each seed, one row per batch size.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Axis, Chart } from "./chart.ts";
import { mean } from "../stats/stats.ts";
import { chartHeader, headedChart, renderPlot, textWidth } from "./_svg.ts";
import { axisOption, checkLogValues, extent, formatValue, padDomain, plotAxis } from "./_ticks.ts";
import { CATEGORICAL, MARGIN, paletteColor } from "./_theme.ts";
import { capped, frameOptions, opening, say, sentences } from "./_describe.ts";
import {
  booleanOption,
  checkRecords,
  colorsOption,
  describe,
  numberOption,
  optionsObject,
  typeFail,
} from "../_validate.ts";

/** One row of {@linkcode spreadChart}: a label and its values (e.g. one per seed). */
export interface SpreadRow {
  /** Row label drawn at the left, e.g. `"batch=32"`. */
  label: string;
  /** The values shown as dots; non-finite values are left out. */
  values: number[];
}

/** Options of {@linkcode spreadChart}. */
export interface SpreadChartOptions {
  /** Title of the chart; none by default. */
  title?: string;
  /**
   * Width in px.
   * @default {680}
   */
  width?: number;
  /**
   * Height of each row in px.
   * @default {34}
   */
  rowHeight?: number;
  /** The value axis: label `"value"`, linear, domain the values' extent widened by 5%. */
  x?: Axis;
  /**
   * Dot colour per row, cycling.
   * @default {CATEGORICAL}
   */
  colors?: string[];
  /**
   * Draw a black tick and the value at each row's mean.
   * @default {true}
   */
  showMean?: boolean;
  /**
   * The chart's text description (its alt text); by default each row's number of values, their
   * range and mean.
   */
  description?: string;
}

const defaults = {
  width: 680,
  rowHeight: 34,
  x: { label: "value" },
  colors: CATEGORICAL,
  showMean: true,
} as const;

/**
 * Draws the distribution of values per row: one dot per value (slightly
 * jittered vertically so equal values stay visible) and a tick at the mean,
 * e.g. the final test accuracy of each seed per batch size.
 *
 * @param rows One row per group.
 * @param options See {@linkcode SpreadChartOptions}.
 * @returns A {@linkcode Chart}.
 * @throws {TypeError|RangeError} On a bad row or option, naming it and its value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spreadChart } from "./spread_chart.ts";
 *
 * const { svg } = spreadChart([
 *   { label: "batch=4", values: [0.80, 0.81, 0.82] },
 *   { label: "batch=32", values: [0.81, 0.83, 0.83] },
 * ], { x: { label: "final test accuracy" } });
 * assert.equal(svg.match(/<circle /g)?.length, 6);
 * assert.ok(svg.includes(">batch=32</text>") && svg.includes(">0.823</text>")); // the mean
 * ```
 */
export function spreadChart(rows: SpreadRow[], options?: SpreadChartOptions): Chart {
  const what = "Cannot draw spread chart";
  const o = optionsObject(what, options, ["title", ...Object.keys(defaults), "description"]);
  checkRows(what, rows);
  const { title, description, width } = frameOptions(what, o, defaults.width, 300);
  const rowHeight = numberOption(what, "rowHeight", o.rowHeight, defaults.rowHeight, 16);
  const x = axisOption(what, "x", o.x, defaults.x);
  const colors = colorsOption(what, "colors", o.colors, defaults.colors);
  const showMean = booleanOption(what, "showMean", o.showMean, defaults.showMean);
  rows.forEach((r, i) => checkLogValues(what, "x", x, r.values, `rows[${i}] ("${r.label}")`));
  const all = rows.flatMap((r) => r.values);
  const domain = x.domain ?? padDomain(extent(all) ?? [0, 1], x.type, 0.05);
  const dots = rows.flatMap((r, i) =>
    r.values.map((v, j) => ({
      value: v,
      row: i + ((((j * 0.6180339887) % 1) - 0.5) * 0.5),
      color: paletteColor(colors, i),
    }))
  );
  const means = rows.map((r, i) => {
    const v = r.values.filter(Number.isFinite);
    return { row: i, mean: v.length ? mean(v) : NaN };
  });
  const labelWidth = Math.max(...rows.map((r) => textWidth(r.label))) + 28;
  const head = chartHeader(width, title, showMean ? [{ label: "mean", color: "#222" }] : []);
  const height = head.height + MARGIN.top + rows.length * rowHeight + MARGIN.bottom;
  const marginRight = showMean ? 74 : MARGIN.right;
  const xAxis = plotAxis("x", x, domain, {
    pixels: width - labelWidth,
    spacing: 80,
    grid: true,
  });
  const marks: Plot.Markish[] = [
    ...xAxis.marks,
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
    marks.push(
      Plot.ruleX(means.filter((m) => Number.isFinite(m.mean)), {
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
    marginRight,
    marginBottom: MARGIN.bottom,
    marginLeft: labelWidth,
    color: { type: "identity" },
    x: xAxis.scale,
    y: {
      domain: [rows.length - 0.5, -0.5],
      ticks: rows.map((_, i) => i),
      tickFormat: (i: number) => rows[i]?.label ?? "",
      tickSize: 0,
      label: null,
    },
    marks,
  });
  const text = description ?? describeRows(title, x.label, rows);
  return headedChart({
    width,
    height,
    element,
    head,
    label: title ?? x.label,
    description: text,
  });
}

/** What a spread chart shows: per row, how many values, their range and mean. */
function describeRows(title: string | undefined, label: string, rows: SpreadRow[]): string {
  const described = rows.map((r) => {
    const v = r.values.filter(Number.isFinite);
    if (v.length === 0) return `${r.label}: no finite values`;
    return `${r.label}: ${v.length} value${v.length > 1 ? "s" : ""} from ${say(Math.min(...v))} ` +
      `to ${say(Math.max(...v))}, mean ${say(mean(v))}`;
  });
  return sentences(
    `${opening("Dot plot", title)}: ${label || "value"}, one dot per value and a tick at the ` +
      `mean, one row per group (${rows.length} rows)`,
    capped(described, "rows").join("; "),
  );
}

function checkRows(what: string, rows: unknown): asserts rows is SpreadRow[] {
  checkRecords(what, "rows", rows, "{ label, values }").forEach((r, i) => {
    if (typeof r.label !== "string") {
      typeFail(what, `rows[${i}].label must be a string, got ${describe(r.label)}`);
    }
    if (!Array.isArray(r.values) || r.values.some((v) => typeof v !== "number")) {
      typeFail(what, `rows[${i}].values must be an array of numbers, got ${describe(r.values)}`);
    }
  });
}
