/**
 * Private data shaping for `charts.ts`: every chart validates its input once
 * (with the checks of `_validate.ts`) and draws from the normalized result.
 *
 * @module
 */
import type { History } from "./types.ts";
import { describe as show, isObject, typeFail } from "./_validate.ts";

export {
  choiceOption,
  colorsOption,
  describe as show,
  domainOption,
  integerOption,
  numberOption,
  optionsObject,
  rangeFail,
  stringOption,
  stringsOption,
  typeFail,
} from "./_validate.ts";

/** Which pair of curves a learning-curve panel shows. */
export type Metric = "accuracy" | "loss";

/** One epoch of a curve: train and test value of a metric (NaN where missing or diverged). */
export interface CurvePoint {
  epoch: number;
  train: number;
  test: number;
}

/** A history reduced to what a learning-curve chart draws. */
export interface Curve {
  batchSize: number;
  learningRate: number;
  divergedAt: number | null;
  accuracy: CurvePoint[];
  loss: CurvePoint[];
}

const num = (v: unknown): number => (typeof v === "number" ? v : NaN);

/** Validates a {@linkcode History} and reduces it to a {@linkcode Curve}. */
export function toCurve(what: string, name: string, h: unknown): Curve {
  if (!isObject(h)) typeFail(what, `${name} must be a History object, got ${show(h)}`);
  const { epochs, batchSize, learningRate, divergedAt } = h as Partial<History>;
  if (!Array.isArray(epochs)) {
    typeFail(what, `${name}.epochs must be an array of epoch records, got ${show(epochs)}`);
  }
  if (typeof batchSize !== "number") {
    typeFail(what, `${name}.batchSize must be a number, got ${show(batchSize)}`);
  }
  if (typeof learningRate !== "number") {
    typeFail(what, `${name}.learningRate must be a number, got ${show(learningRate)}`);
  }
  const accuracy: CurvePoint[] = [];
  const loss: CurvePoint[] = [];
  epochs.forEach((e: unknown, i: number) => {
    if (!isObject(e)) typeFail(what, `${name}.epochs[${i}] must be an object, got ${show(e)}`);
    const epoch = e.epoch;
    if (typeof epoch !== "number" || !Number.isFinite(epoch)) {
      typeFail(what, `${name}.epochs[${i}].epoch must be a finite number, got ${show(epoch)}`);
    }
    accuracy.push({ epoch, train: num(e.accuracy), test: num(e.valAccuracy) });
    loss.push({ epoch, train: num(e.loss), test: num(e.valLoss) });
  });
  return {
    batchSize,
    learningRate,
    divergedAt: typeof divergedAt === "number" ? divergedAt : null,
    accuracy,
    loss,
  };
}

/** Mean and band of a metric across seeds, per epoch. */
export interface BandPoint {
  epoch: number;
  trainMean: number;
  trainLo: number;
  trainHi: number;
  testMean: number;
  testLo: number;
  testHi: number;
  /** How many runs had a finite value at this epoch. */
  n: number;
}

function stats(values: number[], band: "minmax" | "sd"): [number, number, number] {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return [NaN, NaN, NaN];
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  if (band === "minmax") return [mean, Math.min(...v), Math.max(...v)];
  const sd = v.length > 1
    ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1))
    : 0;
  return [mean, mean - sd, mean + sd];
}

/** Aggregates several runs' curves epoch by epoch (runs that stopped early drop out). */
export function aggregate(curves: Curve[], metric: Metric, band: "minmax" | "sd"): BandPoint[] {
  const byEpoch = new Map<number, CurvePoint[]>();
  for (const c of curves) {
    for (const p of c[metric]) {
      const list = byEpoch.get(p.epoch) ?? [];
      list.push(p);
      byEpoch.set(p.epoch, list);
    }
  }
  return [...byEpoch.keys()].sort((a, b) => a - b).map((epoch) => {
    const ps = byEpoch.get(epoch)!;
    const [trainMean, trainLo, trainHi] = stats(ps.map((p) => p.train), band);
    const [testMean, testLo, testHi] = stats(ps.map((p) => p.test), band);
    const n = ps.filter((p) => Number.isFinite(p.train) || Number.isFinite(p.test)).length;
    return { epoch, trainMean, trainLo, trainHi, testMean, testLo, testHi, n };
  });
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

/** A y domain for a metric: loss from 0, accuracy around the data; padded when flat. */
export function metricDomain(metric: Metric, values: Iterable<number>): [number, number] {
  const e = extent(values);
  if (!e) return metric === "accuracy" ? [0, 1] : [0, 1];
  let [lo, hi] = e;
  if (metric === "loss") lo = Math.min(0, lo);
  if (metric === "accuracy") {
    lo = Math.max(0, lo);
    hi = Math.min(1, Math.max(hi, lo));
  }
  if (hi - lo < 1e-9) {
    lo -= 0.05;
    hi += 0.05;
  }
  return [lo, hi];
}

/** Mixes a `#rrggbb` colour with white; `amount` 0 keeps it, 1 gives white. */
export function lighten(color: string, amount: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1], 16);
  const ch = [n >> 16, (n >> 8) & 255, n & 255].map((c) => Math.round(c + (255 - c) * amount));
  return `#${ch.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** Relative luminance (0 dark … 1 light) of `#rrggbb` or `rgb(r, g, b)`. */
export function luminance(color: string): number {
  let rgb: number[] | undefined;
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) {
    const n = parseInt(hex[1], 16);
    rgb = [n >> 16, (n >> 8) & 255, n & 255];
  } else {
    const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(color);
    if (m) rgb = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (!rgb) return 1;
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Formats a value for a label: integers as is, otherwise three decimals (or 3 significant digits when large). */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return "–";
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(3);
}

/** A named series of points, as line and log charts take them. */
export interface PointSeries {
  label: string;
  points: { x: number; y: number }[];
}

/**
 * Checks that `series` is a non-empty array of `{ label, points }` with
 * numeric `{ x, y }` points, and returns it typed.
 */
export function seriesOption<T extends PointSeries>(what: string, series: unknown): T[] {
  if (!Array.isArray(series) || series.length === 0) {
    typeFail(what, `series must be a non-empty array of { label, points }, got ${show(series)}`);
  }
  series.forEach((s, i) => {
    if (typeof s !== "object" || s === null) {
      typeFail(what, `series[${i}] must be an object, got ${show(s)}`);
    }
    if (typeof s.label !== "string") {
      typeFail(what, `series[${i}].label must be a string, got ${show(s.label)}`);
    }
    if (
      !Array.isArray(s.points) ||
      s.points.some((p: unknown) =>
        typeof p !== "object" || p === null ||
        typeof (p as PointSeries["points"][number]).x !== "number" ||
        typeof (p as PointSeries["points"][number]).y !== "number"
      )
    ) {
      typeFail(
        what,
        `series[${i}].points must be an array of { x, y } numbers, got ${show(s.points)}`,
      );
    }
  });
  return series as T[];
}
