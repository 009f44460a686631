/**
 * A line chart on logarithmic axes, for quantities that span decades: the
 * error of a minibatch gradient against the batch size (notebook 8) or the
 * number of steps to reach a target against the batch size (notebook 9).
 * Drawn like `lineChart` of `charts.ts` (pure SVG through Observable Plot,
 * direct labels), but either axis may be logarithmic and each series may be
 * a line, dots or both, solid or dashed, so that measured points and a
 * predicted law can share one chart.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import {
  type Chart,
  chartHeader,
  composeSvg,
  directLabels,
  horizontalRules,
  type LegendItem,
  makeChart,
  renderPlot,
  textWidth,
} from "./_svg.ts";
import {
  choiceOption,
  domainOption,
  extent,
  numberOption,
  optionsObject,
  rangeFail,
  seriesOption,
  show,
  stringOption,
  typeFail,
} from "./_chart_input.ts";
import { CATEGORICAL } from "./charts.ts";

/** One series of {@linkcode logChart}. */
export interface LogSeries {
  /** Drawn at the series' last point, in its colour; an empty label draws none. */
  label: string;
  /** The points, joined in the order given; a non-finite y breaks the line. */
  points: { x: number; y: number }[];
  /** Colour; defaults to the series' turn in {@linkcode CATEGORICAL}. */
  color?: string;
  /** `"line"`, `"dots"` or `"both"`; defaults to `"both"`. */
  mark?: "line" | "dots" | "both";
  /** Draw the line dashed; defaults to false. */
  dashed?: boolean;
}

/** One axis of {@linkcode logChart}. */
export interface LogAxis {
  /** Axis label; defaults to `"x"` or `"y"`. */
  label?: string;
  /** `"log"` (the default; needs values > 0) or `"linear"`. */
  type?: "log" | "linear";
  /** `[min, max]`; defaults to the data's extent. */
  domain?: [number, number];
  /** Explicit tick values, labelled as plain numbers; defaults to Plot's choice. */
  ticks?: number[];
}

/** A horizontal reference line of {@linkcode logChart}. */
export interface LogRule {
  /** Where the line is drawn on the y axis. */
  y: number;
  /** Text drawn just above the line at its left end; defaults to none. */
  label?: string;
}

/** Options of {@linkcode logChart}. */
export interface LogChartOptions {
  /** Title of the chart; defaults to none. */
  title?: string;
  /** Width in px; defaults to 720. */
  width?: number;
  /** Height in px; defaults to 400. */
  height?: number;
  /** The x axis; logarithmic unless `type: "linear"`. */
  x?: LogAxis;
  /** The y axis; logarithmic unless `type: "linear"`. */
  y?: LogAxis;
  /** Horizontal reference lines, e.g. `[1]` or `[{ y: 1, label: "noise = signal" }]`; defaults to none. */
  rules?: (number | LogRule)[];
  /** Legend entries drawn in the header, e.g. what dots and dashes mean; defaults to none. */
  legend?: LegendItem[];
}

const MARGIN = { top: 14, right: 16, bottom: 36, left: 62 };
const AXIS = { labelAnchor: "center", labelArrow: "none" } as const;

function axisOption(what: string, name: string, value: unknown, fallbackLabel: string) {
  const o = optionsObject(what, value as LogAxis | undefined);
  const type = choiceOption(what, `${name}.type`, o.type, ["log", "linear"], "log");
  const label = stringOption(what, `${name}.label`, o.label, fallbackLabel);
  const domain = domainOption(what, `${name}.domain`, o.domain);
  if (type === "log" && domain && domain[0] <= 0) {
    rangeFail(what, `${name}.domain must be positive on a log axis, got [${domain}]`);
  }
  let ticks: number[] | undefined;
  if (o.ticks !== undefined) {
    if (!Array.isArray(o.ticks) || o.ticks.some((t) => typeof t !== "number")) {
      typeFail(what, `${name}.ticks must be an array of numbers, got ${show(o.ticks)}`);
    }
    ticks = o.ticks;
  }
  return { type, label, domain, ticks };
}

/** Plain labels for log ticks: 0.001, 0.1, 10, 1000 (no SI prefixes), else 1e-5. */
function tickLabel(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e6) return String(Number(v.toPrecision(6)));
  return v.toExponential().replace("e+", "e");
}

/** Powers of ten (and 2×, 5× between them when few decades) spanning `[lo, hi]`. */
function logTicks(lo: number, hi: number): number[] {
  const from = Math.floor(Math.log10(lo));
  const to = Math.ceil(Math.log10(hi));
  const steps = to - from <= 2 ? [1, 2, 5] : to - from <= 4 ? [1, 3] : [1];
  const ticks: number[] = [];
  for (let e = from; e <= to; e++) {
    for (const m of steps) {
      const v = Number((m * 10 ** e).toPrecision(6));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(v);
    }
  }
  return ticks;
}

/**
 * Draws series on logarithmic (or linear) axes, each labelled directly at its
 * last point, with optional horizontal rules and a legend in the header.
 *
 * @param series The series; points are drawn in the order given.
 * @param options See {@linkcode LogChartOptions}.
 * @returns A {@linkcode Chart}.
 * @throws {TypeError|RangeError} On bad input, e.g. a value ≤ 0 on a log axis.
 *
 * @example
 * ```ts
 * import { logChart } from "./log_chart.ts";
 *
 * const batchSizes = [1, 4, 16, 64, 256];
 * const chart = logChart([
 *   { label: "measured", mark: "dots", points: batchSizes.map((b) => ({ x: b, y: 10.5 / b })) },
 *   { label: "10/B", mark: "line", dashed: true, points: batchSizes.map((b) => ({ x: b, y: 10 / b })) },
 * ], { x: { label: "batch size", ticks: batchSizes }, y: { label: "squared error" } });
 * console.assert(chart.svg.includes("10/B"));
 * ```
 */
export function logChart(series: LogSeries[], options?: LogChartOptions): Chart {
  const what = "Cannot draw log chart";
  const o = optionsObject(what, options);
  seriesOption<LogSeries>(what, series);
  const x = axisOption(what, "x", o.x, "x");
  const y = axisOption(what, "y", o.y, "y");
  const title = stringOption(what, "title", o.title, undefined);
  const width = numberOption(what, "width", o.width, 720, 300);
  const height = numberOption(what, "height", o.height, 400, 160);
  const resolved = series.map((s, i) => {
    const mark = choiceOption(what, `series[${i}].mark`, s.mark, ["line", "dots", "both"], "both");
    const color = stringOption(what, `series[${i}].color`, s.color, CATEGORICAL[i % 10]);
    for (const [axis, type] of [["x", x.type], ["y", y.type]] as const) {
      const bad = type === "log" &&
        s.points.find((p) => Number.isFinite(p[axis]) && !(p[axis] > 0));
      if (bad) {
        rangeFail(
          what,
          `${axis}.type "log" needs ${axis} > 0, got ${axis} = ${
            bad[axis]
          } in series[${i}] ("${s.label}")`,
        );
      }
    }
    return { ...s, mark, color, dashed: s.dashed === true };
  });
  const rules: LogRule[] = [];
  if (o.rules !== undefined) {
    if (!Array.isArray(o.rules)) typeFail(what, `rules must be an array, got ${show(o.rules)}`);
    o.rules.forEach((r, i) => {
      const rule = typeof r === "number" ? { y: r } : r;
      if (typeof rule !== "object" || rule === null || typeof rule.y !== "number") {
        typeFail(what, `rules[${i}] must be a number or { y, label }, got ${show(r)}`);
      }
      if (!Number.isFinite(rule.y) || (y.type === "log" && rule.y <= 0)) {
        rangeFail(what, `rules[${i}].y must be finite (and > 0 on a log axis), got ${rule.y}`);
      }
      rules.push(rule);
    });
  }
  const items = o.legend ?? [];
  if (!Array.isArray(items)) typeFail(what, `legend must be an array, got ${show(items)}`);

  const data = resolved.flatMap((s, i) =>
    s.points.filter((p) => Number.isFinite(p.x)).map((p) => ({ x: p.x, y: p.y, series: i }))
  );
  const finite = data.filter((d) => Number.isFinite(d.y));
  const xDomain = x.domain ?? extent(finite.map((d) => d.x)) ?? [1, 10];
  let yDomain = y.domain ?? extent([...finite.map((d) => d.y), ...rules.map((r) => r.y)]) ??
    [1, 10];
  if (!y.domain) {
    // Breathing room: a tenth of the span (a tenth of the decades on a log axis).
    if (y.type === "log") {
      const [l0, l1] = yDomain.map(Math.log10);
      const pad = Math.max((l1 - l0) * 0.06, 0.05);
      yDomain = [10 ** (l0 - pad), 10 ** (l1 + pad)];
    } else {
      const pad = Math.max((yDomain[1] - yDomain[0]) * 0.06, 1e-9);
      yDomain = [yDomain[0] - pad, yDomain[1] + pad];
    }
  }
  const labelWidth = Math.max(0, ...resolved.map((s) => textWidth(s.label))) + 16;
  const head = chartHeader(width, title, items);
  const panelHeight = height - head.height;
  const marks: Plot.Markish[] = horizontalRules(rules);
  resolved.forEach((s, i) => {
    const points = data.filter((d) => d.series === i);
    if (s.mark !== "dots") {
      marks.push(Plot.line(points, {
        x: "x",
        y: "y",
        stroke: s.color,
        strokeWidth: 1.8,
        clip: true, // a law drawn beyond the domain stops at the frame
        ...(s.dashed ? { strokeDasharray: "6 4" } : {}),
      }));
    }
    if (s.mark !== "line") marks.push(Plot.dot(points, { x: "x", y: "y", fill: s.color, r: 3.2 }));
  });
  const xTicks = x.ticks ?? (x.type === "log" ? logTicks(xDomain[0], xDomain[1]) : undefined);
  const yTicks = y.ticks ?? (y.type === "log" ? logTicks(yDomain[0], yDomain[1]) : undefined);
  const plotHeight = panelHeight - MARGIN.top - MARGIN.bottom;
  const yTickWidth = Math.max(...(yTicks ?? yDomain).map((v) => textWidth(tickLabel(v))));
  const marginLeft = Math.max(MARGIN.left, yTickWidth + 30);
  // Plot ignores a tickFormat function on log scales; an axis mark's text channel is honoured.
  if (xTicks) marks.push(Plot.axisX(xTicks, { ...AXIS, label: x.label, text: tickLabel }));
  if (yTicks) {
    marks.push(Plot.gridY(yTicks, { stroke: "#000", strokeOpacity: 0.08 }));
    marks.push(Plot.axisY(yTicks, { ...AXIS, label: y.label, text: tickLabel }));
  }
  const element = renderPlot({
    width,
    height: panelHeight,
    marginTop: MARGIN.top,
    marginRight: Math.max(MARGIN.right, labelWidth),
    marginBottom: MARGIN.bottom,
    marginLeft,
    x: {
      ...AXIS,
      type: x.type,
      domain: xDomain,
      label: x.label,
      ...(xTicks ? { axis: null } : { ticks: Math.max(2, Math.round((width - 120) / 80)) }),
    },
    y: {
      ...AXIS,
      type: y.type,
      domain: yDomain,
      label: y.label,
      ...(yTicks
        ? { axis: null }
        : { grid: true, ticks: Math.max(2, Math.round(plotHeight / 40)) }),
    },
    marks,
  });
  const labels = resolved.map((s) => ({
    label: s.label,
    color: s.color,
    last: s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).at(-1),
  }));
  const overlay = [
    ...head.markup,
    ...directLabels(element, labels, head.height, panelHeight - MARGIN.bottom),
  ];
  return makeChart(composeSvg({
    width,
    height,
    panels: [{ element, x: 0, y: head.height }],
    overlay,
    label: title ?? `${y.label} by ${x.label}`,
  }));
}
