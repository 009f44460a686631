/**
 * The statistics of samples that the notebooks need to say how much of a
 * result is luck: mean, median and standard deviation over seeds, the normal
 * and t quantiles, Student-t confidence intervals and the correlation of
 * paired samples. Comparisons of two groups (Welch's test, the paired t-test,
 * Holm's correction, the seeds needed) are in `comparisons.ts`, on these
 * quantiles. Statistics of runs
 * (learning curves over seeds, the mean of a figure over seeds, updates to a
 * target) are in `curves.ts`. Introduced by notebooks 6 (luck and repeats) and
 * 7 (time, updates and epochs). Plain numbers in, plain numbers out.
 *
 * The distributions come from stdlib-js, whose special functions are ports
 * of Boost's (within 4e-15 of scipy at the points the tests check): Student's
 * t distribution function (`@stdlib/stats-base-dists-t-cdf`, the regularized
 * incomplete beta function) and its quantile
 * (`@stdlib/stats-base-dists-t-quantile`, its inverse), and the normal
 * quantile as `−√2 · erfcinv(2p)` (`@stdlib/math-base-special-erfcinv`). That
 * form keeps every digit in the lower tail, where stdlib's own normal
 * quantile, `√2 · erfinv(2p − 1)`, loses them to the cancellation in `2p − 1`
 * (it is 1.3e-8 off at p = 1e-10).
 *
 * Our own code stays where it is a few lines of arithmetic on those
 * distributions: the mean, median and standard deviation, Welch's and the
 * paired test, Holm's correction, the seeds needed and the correlation.
 * stdlib's `ttest2`, `ttest` and `padjust` do the same sums, but would add 84
 * more packages and 11 MB to the 230 packages and 33 MB that the three
 * distribution functions bring into `node_modules`, about double their
 * 0.3–0.7 s import, and they check their input with messages of their
 * own and return results that would have to be renamed to these anyway.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { confidenceInterval } from "./stats.ts";
 * const ci = confidenceInterval([0.81, 0.82, 0.83, 0.82]);
 * assert.equal(ci.mean.toFixed(3), "0.820");
 * assert.equal(ci.halfWidth.toFixed(4), "0.0130");
 * ```
 *
 * @module
 */
import erfcinv from "@stdlib/math-base-special-erfcinv";
import tInverse from "@stdlib/stats-base-dists-t-quantile";
import {
  checkNumbers,
  checkPairedSamples,
  checkPositive,
  checkProbability,
  checkSample,
  rangeFail,
} from "../_validate.ts";

// ---------------------------------------------------------------------------
// Descriptive statistics

/**
 * The arithmetic mean.
 *
 * @param values At least one finite number.
 * @returns Their mean.
 * @throws {RangeError} On an empty array or a value that is not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mean } from "./stats.ts";
 * assert.equal(mean([1, 2, 6]), 3);
 * ```
 */
export function mean(values: readonly number[]): number {
  const v = checkSample("Cannot take mean", "values", values, 1);
  let sum = 0;
  for (const x of v) sum += x;
  return sum / v.length;
}

/**
 * The median of some numbers (the mean of the middle two for an even count).
 * `Infinity` counts as larger than any number, so the median of the updates
 * that runs took to reach a target, where a run that never did counts
 * `Infinity`, is `Infinity` when fewer than half of them got there.
 *
 * @param values At least one number, none NaN.
 * @returns The median.
 * @throws {RangeError} On an empty array or a NaN.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { median } from "./stats.ts";
 * assert.equal(median([3, 1, 2]), 2);
 * assert.equal(median([1, 2, 3, Infinity]), 2.5);
 * assert.equal(median([1, Infinity, Infinity]), Infinity);
 * ```
 */
export function median(values: readonly number[]): number {
  const sorted = [...checkNumbers("Cannot take median", "values", values, 1)].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The sample standard deviation (divided by n − 1, as numpy's `ddof=1`).
 *
 * @param values At least two finite numbers.
 * @returns Their standard deviation.
 * @throws {RangeError} On fewer than two values or a value that is not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { standardDeviation } from "./stats.ts";
 * assert.equal(standardDeviation([1, 2, 3]), 1);
 * ```
 */
export function standardDeviation(values: readonly number[]): number {
  const v = checkSample("Cannot take standard deviation", "values", values, 2);
  const m = mean(v);
  let ss = 0;
  for (const x of v) ss += (x - m) ** 2;
  return Math.sqrt(ss / (v.length - 1));
}

// ---------------------------------------------------------------------------
// Distributions

/**
 * The quantile of the standard normal distribution: the z with P(Z ≤ z) = p.
 *
 * @param p A probability in (0, 1).
 * @returns The quantile, e.g. 1.959964 for p = 0.975.
 * @throws {RangeError} Unless 0 < p < 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalQuantile } from "./stats.ts";
 * assert.equal(normalQuantile(0.975).toFixed(3), "1.960");
 * ```
 */
export function normalQuantile(p: number): number {
  checkProbability("Cannot take normal quantile", "p", p);
  return p === 0.5 ? 0 : -Math.SQRT2 * erfcinv(2 * p);
}

/**
 * The quantile of Student's t distribution: the t with P(T ≤ t) = p for `df`
 * degrees of freedom (`Infinity` gives the normal quantile).
 *
 * @param p A probability in (0, 1).
 * @param df Degrees of freedom, above 0 (not necessarily an integer, as Welch's test needs).
 * @returns The quantile, e.g. 2.262157 for p = 0.975 and df = 9.
 * @throws {RangeError} Unless 0 < p < 1 and df > 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tQuantile } from "./stats.ts";
 * assert.equal(tQuantile(0.975, 9).toFixed(3), "2.262");
 * ```
 */
export function tQuantile(p: number, df: number): number {
  const context = "Cannot take t quantile";
  checkProbability(context, "p", p);
  if (df === Infinity) return normalQuantile(p);
  checkPositive(context, "df", df);
  return tInverse(p, df);
}

// ---------------------------------------------------------------------------
// Confidence intervals and correlation

/** Options of {@linkcode confidenceInterval}, and of `comparisons.ts`' {@linkcode welchTest} and {@linkcode pairedTest}. */
export interface ConfidenceOptions {
  /**
   * Confidence level of the interval, in (0, 1).
   *
   * @default {0.95}
   */
  level?: number;
}

/** A mean with its Student-t confidence interval, as {@linkcode confidenceInterval} returns it. */
export interface ConfidenceInterval {
  /** Number of values. */
  n: number;
  /** Their mean. */
  mean: number;
  /** Their sample standard deviation (n − 1). */
  sd: number;
  /** Half the interval's width: t(1 − (1 − level)/2, n − 1) · sd / √n. */
  halfWidth: number;
  /** Lower end, `mean − halfWidth`. */
  lower: number;
  /** Upper end, `mean + halfWidth`. */
  upper: number;
  /** The confidence level, e.g. 0.95. */
  level: number;
}

/**
 * The mean of some values (say, one final test accuracy per seed) with its
 * Student-t confidence interval, which treats the values as independent
 * draws from one distribution.
 *
 * @param values At least two finite numbers.
 * @param options `level` (0.95).
 * @returns The mean, sd and interval.
 * @throws {RangeError} On fewer than two values, a non-finite value or a bad level.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { confidenceInterval } from "./stats.ts";
 * const ci = confidenceInterval([0.80, 0.82, 0.81, 0.83, 0.82]);
 * assert.equal(`${ci.mean.toFixed(3)} ± ${ci.halfWidth.toFixed(3)}`, "0.816 ± 0.014");
 * ```
 */
export function confidenceInterval(
  values: readonly number[],
  options: ConfidenceOptions = {},
): ConfidenceInterval {
  const context = "Cannot compute confidence interval";
  const v = checkSample(context, "values", values, 2);
  const level = checkProbability(context, "level", options.level ?? 0.95);
  const n = v.length;
  const m = mean(v);
  const sd = standardDeviation(v);
  const halfWidth = (tQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { n, mean: m, sd, halfWidth, lower: m - halfWidth, upper: m + halfWidth, level };
}

/**
 * Pearson's correlation of two paired samples, such as the final accuracies
 * of the same seeds at two batch sizes: near 1 when the seeds that do well at
 * one do well at the other too, near 0 when the two have nothing in common.
 *
 * @param a First sample, at least two finite numbers, not all equal.
 * @param b Second sample, paired with `a` entry by entry.
 * @returns The correlation, in [-1, 1].
 * @throws {RangeError} On fewer than two pairs, mismatched lengths, non-finite values or a constant sample.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { correlation } from "./stats.ts";
 * assert.equal(correlation([1, 2, 3], [2, 4, 7]).toFixed(3), "0.993");
 * ```
 */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const context = "Cannot compute correlation";
  checkPairedSamples(context, a, b);
  const ma = mean(a);
  const mb = mean(b);
  let saa = 0, sab = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    saa += (a[i] - ma) ** 2;
    sab += (a[i] - ma) * (b[i] - mb);
    sbb += (b[i] - mb) ** 2;
  }
  if (saa === 0 || sbb === 0) {
    rangeFail(context, `${saa === 0 ? "a" : "b"} must not be constant`);
  }
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}
