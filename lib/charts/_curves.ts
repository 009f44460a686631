/**
 * Private data shaping for the learning-curve charts: a {@linkcode History}
 * checked once and reduced to the curves a panel draws, seeds aggregated into
 * a mean and a band per epoch, and the y domain of a metric.
 *
 * @module
 */
import type { History } from "../types.ts";
import { mean, standardDeviation } from "../stats/stats.ts";
import { describe as show, isObject, typeFail } from "../_validate.ts";
import { extent, padDomain, type ResolvedAxis } from "./_ticks.ts";

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
  const m = mean(v);
  if (band === "minmax") return [m, Math.min(...v), Math.max(...v)];
  const sd = v.length > 1 ? standardDeviation(v) : 0;
  return [m, m - sd, m + sd];
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

/**
 * A y domain for a metric: loss from 0, accuracy around the data, padded
 * when flat; on a log axis, the positive values' extent, padded.
 */
export function metricDomain(
  metric: Metric,
  values: Iterable<number>,
  type: "linear" | "log" = "linear",
): [number, number] {
  if (type === "log") {
    const positive = extent([...values].filter((v) => v > 0));
    return positive ? padDomain(positive, "log", 0.04) : [0.01, 1];
  }
  const e = extent(values);
  if (!e) return [0, 1];
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

/** The last epoch of any of `curves`, at least 1. */
export function maxEpoch(curves: Curve[]): number {
  return extent([1, ...curves.flatMap((c) => c.accuracy.map((p) => p.epoch))])![1];
}

/** Panel titles drawn from histories: `batch=…`, plus `, lr=…` when learning rates differ. */
export function defaultTitles(curves: Curve[]): string[] {
  const lrs = new Set(curves.map((c) => c.learningRate));
  return curves.map((c) =>
    lrs.size > 1 ? `batch=${c.batchSize}, lr=${c.learningRate}` : `batch=${c.batchSize}`
  );
}

/** Checks a non-empty array of histories and reduces each to a {@linkcode Curve}. */
export function toCurves(what: string, name: string, histories: unknown): Curve[] {
  if (!Array.isArray(histories) || histories.length === 0) {
    typeFail(what, `${name} must be a non-empty array of History objects, got ${show(histories)}`);
  }
  return histories.map((h, i) => toCurve(what, `${name}[${i}]`, h));
}

/**
 * Checks groups of runs (a non-empty array of non-empty arrays of histories,
 * one panel per group) and reduces each run to a {@linkcode Curve}.
 */
export function toCurveGroups(what: string, groups: unknown): Curve[][] {
  if (!Array.isArray(groups) || groups.length === 0) {
    typeFail(
      what,
      `groups must be a non-empty array of groups (arrays of History), got ${show(groups)}`,
    );
  }
  return groups.map((g, i) => {
    if (!Array.isArray(g)) {
      const hint = isObject(g) && Array.isArray(g.epochs)
        ? "; for one group of runs, pass [runs]"
        : "";
      typeFail(what, `groups[${i}] must be an array of History objects, got ${show(g)}${hint}`);
    }
    return toCurves(what, `groups[${i}]`, g);
  });
}

/** The epoch axis: as given, else from 0 (1 on a log axis) to the last epoch. */
export function epochDomain(x: ResolvedAxis, curves: Curve[]): [number, number] {
  return x.domain ?? [x.type === "log" ? 1 : 0, maxEpoch(curves)];
}
