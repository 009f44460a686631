/**
 * Statistics of runs (histories) that differ only by seed: the mean of one
 * figure over the seeds ({@linkcode seedMean}), the mean learning curve
 * ({@linkcode meanCurve}), when that curve first reaches a threshold
 * ({@linkcode timeToThreshold}), and how many weight updates one run took to
 * reach a target accuracy ({@linkcode stepsToTarget}). The statistics of
 * plain samples (mean, median, intervals and tests) are in `stats.ts`.
 * Introduced by notebooks 6, 7 and 9.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanCurve, seedMean } from "./curves.ts";
 * import type { History } from "../types.ts";
 * const run = (accs: number[]) =>
 *   ({ epochs: accs.map((a) => ({ valAccuracy: a })), test: { accuracy: accs.at(-1) } }) as History;
 * const runs = [run([0.5, 0.75]), run([0.75, 1])];
 * assert.deepEqual(meanCurve(runs), [0.625, 0.875]);
 * assert.equal(seedMean(runs, (h) => h.test.accuracy), 0.875);
 * ```
 *
 * @module
 */
import type { History } from "../types.ts";
import {
  checkChoice,
  checkFraction,
  checkFunction,
  checkHistories,
  checkHistory,
  checkNumber,
  describe,
  rangeFail,
} from "../_validate.ts";

/**
 * The mean over runs that differ only by seed of one figure of each run,
 * such as the final test accuracy: `seedMean(histories, (h) => h.test.accuracy)`.
 * A figure that is NaN or infinite in some run (the loss of a run that
 * diverged, say) makes the mean NaN or infinite, rather than an error.
 *
 * @param histories The runs, e.g. from `fitSeeds`.
 * @param pick The figure of one run, e.g. `(h) => h.train.accuracy`.
 * @returns The mean of the figure over the runs.
 * @throws {TypeError} On no runs, a `pick` that is not a function, or one that returns a non-number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedMean } from "./curves.ts";
 * import type { History } from "../types.ts";
 * const run = (accuracy: number) => ({ epochs: [], test: { loss: 0, accuracy } }) as unknown as History;
 * assert.equal(seedMean([run(0.75), run(0.875)], (h) => h.test.accuracy), 0.8125);
 * ```
 */
export function seedMean<H extends History>(
  histories: readonly H[],
  pick: (history: H) => number,
): number {
  const context = "Cannot average over seeds";
  const runs = checkHistories(context, "histories", histories) as H[];
  checkFunction(context, "pick", pick);
  let sum = 0;
  runs.forEach((h, i) => {
    sum += checkNumber(context, `pick(histories[${i}])`, pick(h));
  });
  return sum / runs.length;
}

/** A numeric field of an {@linkcode EpochLog}, other than the epoch number. */
export type EpochMetric = "loss" | "accuracy" | "valLoss" | "valAccuracy" | "seconds" | "updates";

const METRICS: readonly EpochMetric[] = [
  "loss",
  "accuracy",
  "valLoss",
  "valAccuracy",
  "seconds",
  "updates",
];

/**
 * The mean learning curve over runs that differ only by seed: entry `e` is
 * the mean of `metric` at epoch `e + 1`. The curve is as long as the longest
 * run; an epoch that some run did not reach (it diverged) is `NaN`.
 *
 * @param histories The runs, e.g. from `fitSeeds`.
 * @param metric Which field of the epoch records; defaults to `"valAccuracy"` (test accuracy).
 * @returns One mean per epoch.
 * @throws {RangeError|TypeError} On no runs or an unknown metric.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanCurve } from "./curves.ts";
 * import type { History } from "../types.ts";
 * const run = (accs: number[]) =>
 *   ({ epochs: accs.map((a, i) => ({ epoch: i + 1, valAccuracy: a })) }) as unknown as History;
 * assert.deepEqual(meanCurve([run([0.5, 0.7]), run([0.7, 0.9])]), [0.6, 0.8]);
 * ```
 */
export function meanCurve(histories: History[], metric: EpochMetric = "valAccuracy"): number[] {
  const context = "Cannot average curves";
  const runs = checkHistories(context, "histories", histories);
  const key = checkChoice(context, "metric", metric, METRICS);
  const length = Math.max(...runs.map((h) => h.epochs.length));
  return Array.from({ length }, (_, e) => seedMean(runs, (h) => h.epochs[e]?.[key] ?? NaN));
}

/** When a mean learning curve first reached a threshold, as {@linkcode timeToThreshold} returns it. */
export interface ThresholdCrossing {
  /** The first epoch (1-based) at whose end the mean reached the threshold. */
  epoch: number;
  /** Weight updates made by then (the same for every seed). */
  updates: number;
  /** Mean over the seeds of the training seconds they had recorded by then. */
  seconds: number;
  /** The mean value at that epoch. */
  value: number;
}

/** Options of {@linkcode timeToThreshold}. */
export interface TimeToThresholdOptions {
  /**
   * Which field of the epoch records to average (`"valAccuracy"` is the test accuracy).
   *
   * @default {"valAccuracy"}
   */
  metric?: EpochMetric;
}

/**
 * The first epoch at which the mean over seeds of a metric (by default the
 * test accuracy) reaches `threshold`, with the updates and mean seconds spent
 * by then; `null` if the mean never reaches it.
 *
 * @param histories Runs that differ only by seed.
 * @param threshold The value to reach (from below), e.g. 0.8.
 * @param options `metric` (`"valAccuracy"`).
 * @returns The crossing, or `null`.
 * @throws {RangeError|TypeError} On no runs, a non-finite threshold or an unknown metric.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { timeToThreshold } from "./curves.ts";
 * import type { History } from "../types.ts";
 * const run = (accs: number[]) => ({
 *   epochs: accs.map((a, i) => ({ epoch: i + 1, valAccuracy: a, updates: 16 * (i + 1), seconds: 0.5 * (i + 1) })),
 * }) as unknown as History;
 * const crossing = timeToThreshold([run([0.5, 0.79, 0.82]), run([0.6, 0.83, 0.84])], 0.8);
 * assert.deepEqual(crossing, { epoch: 2, updates: 32, seconds: 1, value: 0.81 });
 * ```
 */
export function timeToThreshold(
  histories: History[],
  threshold: number,
  options: TimeToThresholdOptions = {},
): ThresholdCrossing | null {
  const context = "Cannot find time to threshold";
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
    rangeFail(context, `threshold must be a finite number, got ${describe(threshold)}`);
  }
  const curve = meanCurve(histories, options.metric ?? "valAccuracy");
  const index = curve.findIndex((v) => v >= threshold);
  if (index < 0) return null;
  return {
    epoch: index + 1,
    updates: histories[0].epochs[index].updates,
    seconds: seedMean(histories, (h) => h.epochs[index].seconds),
    value: curve[index],
  };
}

/**
 * The number of weight updates a run made by the end of the first epoch at
 * which its test accuracy reached `target`; `Infinity` if it never did. The
 * count is exact only to within one epoch (`ceil(500 / batchSize)` updates on
 * the tutorial's data), since accuracy is measured once an epoch. Introduced
 * by notebook 9, which takes the median of it over seeds (`median` in `stats.ts`).
 *
 * @param history A run, as `fitModel` or `fitSeeds` return it.
 * @param target The test accuracy to reach, in (0, 1].
 * @returns Updates to reach it, or `Infinity`.
 * @throws {RangeError|TypeError} On a target outside (0, 1] or a history without epochs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stepsToTarget } from "./curves.ts";
 * import type { History } from "../types.ts";
 * const run = { epochs: [{ valAccuracy: 0.7, updates: 16 }, { valAccuracy: 0.81, updates: 32 }] };
 * assert.equal(stepsToTarget(run as History, 0.8), 32);
 * assert.equal(stepsToTarget(run as History, 0.9), Infinity);
 * ```
 */
export function stepsToTarget(history: History, target: number): number {
  const context = "Cannot count steps to target";
  checkFraction(context, "target", target);
  const run = checkHistory(context, "history", history);
  return run.epochs.find((e) => e.valAccuracy >= target)?.updates ?? Infinity;
}
