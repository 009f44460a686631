/**
 * Private axis helpers for the charts: the `Axis` options checked
 * once, domains, tick values and their labels, and the Plot scale (plus axis
 * marks) that draws an axis the same way in every chart.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { ticks as linearTicks } from "d3-array";
import {
  choiceOption,
  colorsOption,
  domainOption,
  numberOption,
  numbersOption,
  objectOption,
  rangeFail,
  stringOption,
} from "../_validate.ts";
import { AXIS, FONT_SIZE } from "./_theme.ts";

/** The options an `Axis` takes. */
const AXIS_KEYS = ["label", "domain", "type", "ticks"] as const;

/** An `Axis` checked, with its label and type filled in. */
export interface ResolvedAxis {
  /** The label; `""` draws none. */
  label: string;
  type: "linear" | "log";
  domain?: [number, number];
  ticks?: number[];
}

/**
 * Checks an `Axis` option (`name` is `"x"`, `"y"`, `"accuracy"`, …)
 * and fills in its label and type.
 */
export function axisOption(
  what: string,
  name: string,
  value: unknown,
  defaults: { label: string; type?: "linear" | "log" },
): ResolvedAxis {
  const o = objectOption(what, name, value, AXIS_KEYS);
  const type = choiceOption(
    what,
    `${name}.type`,
    o.type,
    ["linear", "log"],
    defaults.type ?? "linear",
  );
  const label = stringOption(what, `${name}.label`, o.label, defaults.label);
  const domain = domainOption(what, `${name}.domain`, o.domain);
  const ticks = numbersOption(what, `${name}.ticks`, o.ticks);
  if (type === "log") {
    if (domain && domain[0] <= 0) {
      rangeFail(what, `${name}.domain must be positive on a log axis, got [${domain.join(", ")}]`);
    }
    const bad = ticks?.find((t) => t <= 0);
    if (bad !== undefined) {
      rangeFail(what, `${name}.ticks must be positive on a log axis, got ${bad}`);
    }
  }
  return { label, type, domain, ticks };
}

/**
 * Throws unless every finite value is above 0 when `axis` is logarithmic.
 *
 * @param name The axis' name, `"x"` or `"y"`, for the message.
 * @param where Where the values come from, e.g. `series[0] ("test")`.
 */
export function checkLogValues(
  what: string,
  name: string,
  axis: ResolvedAxis,
  values: readonly number[],
  where: string,
): void {
  if (axis.type !== "log") return;
  const bad = values.find((v) => Number.isFinite(v) && !(v > 0));
  if (bad !== undefined) {
    rangeFail(what, `${name}.type "log" needs ${name} > 0, got ${name} = ${bad} in ${where}`);
  }
}

/** Finite extent of `values`, or undefined when none is finite. */
export function extent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * Widens `[lo, hi]` by `fraction` of its span on each side, of its decades on
 * a log axis, so points on the edge are not cut by the frame.
 */
export function padDomain(
  [lo, hi]: [number, number],
  type: "linear" | "log",
  fraction: number,
): [number, number] {
  if (type === "log") {
    const [l0, l1] = [Math.log10(lo), Math.log10(hi)];
    const pad = Math.max((l1 - l0) * fraction, 0.05);
    return [10 ** (l0 - pad), 10 ** (l1 + pad)];
  }
  const pad = Math.max((hi - lo) * fraction, 1e-9);
  return [lo - pad, hi + pad];
}

/** How many ticks fit along `pixels` at one every `spacing` px (at least 2). */
export function tickCount(pixels: number, spacing: number): number {
  return Math.max(2, Math.round(pixels / spacing));
}

/** Powers of ten (and 2×, 5× or 3× between them when few decades) spanning `[lo, hi]`. */
export function logTicks(lo: number, hi: number): number[] {
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

/** A tick label as a plain number: 0.001, 0.1, 10, 1000 (no SI prefixes), else 1e-5. */
export function tickLabel(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e6) return String(Number(v.toPrecision(6)));
  return v.toExponential().replace("e+", "e");
}

/** Formats a value for a label: integers as is, else 3 decimals (fewer when large). */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return "–";
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(3);
}

/** How {@linkcode plotAxis} draws an axis: Plot's own ticks, or given ones. */
export interface AxisLayout {
  /** About how many px apart Plot's own ticks are. */
  spacing: number;
  /** The axis' length in px. */
  pixels: number;
  /** Grid lines across the frame at each tick. */
  grid?: boolean;
  /** Plot's `nice` for a linear axis without explicit ticks: `true` or a tick count. */
  nice?: boolean | number;
  /**
   * Anchor the label of a tick at either end of the axis inwards (its text starts at the
   * first tick and ends at the last) when it would reach past the frame: panels side by side
   * then never show one panel's last label against the next one's first, as in "200 0".
   */
  inwardEnds?: boolean;
}

/**
 * The Plot scale options and axis marks of one axis over `domain`. Explicit
 * ticks, and every log axis, are drawn as axis marks labelled with
 * {@linkcode tickLabel} (Plot ignores a `tickFormat` function on log scales;
 * an axis mark's text channel is honoured); other axes take Plot's ticks.
 */
export function plotAxis(
  k: "x" | "y",
  axis: ResolvedAxis,
  domain: [number, number],
  layout: AxisLayout,
): { scale: Plot.ScaleOptions; marks: Plot.Markish[] } {
  const label = axis.label === "" ? null : axis.label;
  let ticks = axis.ticks ?? (axis.type === "log" ? logTicks(domain[0], domain[1]) : undefined);
  if (!ticks && layout.inwardEnds && !layout.nice) {
    // The ticks Plot would draw (d3's, as many as fit), drawn as axis marks to anchor the ends.
    ticks = linearTicks(domain[0], domain[1], tickCount(layout.pixels, layout.spacing));
  }
  if (!ticks) {
    return {
      scale: {
        ...AXIS,
        type: axis.type,
        domain,
        label,
        grid: layout.grid ?? false,
        nice: layout.nice ?? false,
        ticks: tickCount(layout.pixels, layout.spacing),
      },
      marks: [],
    };
  }
  const marks: Plot.Markish[] = [];
  const text = tickLabel;
  if (k === "x") {
    if (layout.grid) marks.push(Plot.gridX(ticks));
    const [first, middle, last] = layout.inwardEnds
      ? inwardEnds(ticks, axis.type, domain, layout.pixels)
      : [[], ticks, []];
    marks.push(Plot.axisX(middle, { ...AXIS, label, text }));
    if (first.length > 0) {
      marks.push(Plot.axisX(first, { ...AXIS, label: null, text, textAnchor: "start" }));
    }
    if (last.length > 0) {
      marks.push(Plot.axisX(last, { ...AXIS, label: null, text, textAnchor: "end" }));
    }
  } else {
    if (layout.grid) marks.push(Plot.gridY(ticks));
    marks.push(Plot.axisY(ticks, { ...AXIS, label, text }));
  }
  return { scale: { ...AXIS, type: axis.type, domain, label, axis: null }, marks };
}

/**
 * Splits ticks into the first one when its centred label would reach left of
 * the frame, the middle ones, and the last one when its label would reach right
 * of it (on an axis `pixels` long).
 */
function inwardEnds(
  ticks: number[],
  type: "linear" | "log",
  [lo, hi]: [number, number],
  pixels: number,
): [number[], number[], number[]] {
  const f = (v: number) => type === "log" ? Math.log10(v) : v;
  const at = (v: number) => ((f(v) - f(lo)) / (f(hi) - f(lo))) * pixels;
  const half = (v: number) => tickLabel(v).length * FONT_SIZE * 0.58 / 2;
  const sorted = [...ticks].sort((a, b) => a - b);
  const first = sorted.length > 1 && at(sorted[0]) < half(sorted[0]) ? [sorted[0]] : [];
  const end = sorted.at(-1)!;
  const last = sorted.length > 1 && pixels - at(end) < half(end) ? [end] : [];
  const middle = sorted.filter((t) => !first.includes(t) && !last.includes(t));
  return [first, middle, last];
}

/**
 * The options of a chart on an x–y plane, read in this order: its `height`
 * in px (at least 160), its `x` and `y` axes and its `colors`, each
 * `defaults`' when not given.
 */
export function planeOptions(
  what: string,
  o: { height?: unknown; x?: unknown; y?: unknown; colors?: unknown },
  defaults: {
    height: number;
    x: { label: string; type?: "linear" | "log" };
    y: { label: string; type?: "linear" | "log" };
    colors: readonly string[];
  },
): { height: number; x: ResolvedAxis; y: ResolvedAxis; colors: readonly string[] } {
  const height = numberOption(what, "height", o.height, defaults.height, 160);
  const x = axisOption(what, "x", o.x, defaults.x);
  const y = axisOption(what, "y", o.y, defaults.y);
  const colors = colorsOption(what, "colors", o.colors, defaults.colors);
  return { height, x, y, colors };
}
