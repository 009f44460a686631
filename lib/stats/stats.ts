/**
 * The statistics of samples that the notebooks need to say how much of a
 * result is luck: mean, median and standard deviation over seeds, Student-t
 * confidence intervals, Welch's two-sample test and the paired t-test, Holm's
 * correction for several tests at once, how many seeds it takes to tell two
 * means apart, and the correlation of paired samples. Statistics of runs
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
 * import { confidenceInterval, seedsNeeded } from "./stats.ts";
 * const ci = confidenceInterval([0.81, 0.82, 0.83, 0.82]);
 * assert.equal(ci.mean.toFixed(3), "0.820");
 * assert.equal(ci.halfWidth.toFixed(4), "0.0130");
 * assert.equal(seedsNeeded(0.005, 0.01), 64); // seeds per group for a 0.005 difference, sd 0.01
 * ```
 *
 * @module
 */
import erfcinv from "@stdlib/math-base-special-erfcinv";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tInverse from "@stdlib/stats-base-dists-t-quantile";
import {
  checkNumbers,
  checkPairedSamples,
  checkPositive,
  checkProbability,
  checkSample,
  describe,
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
// Confidence intervals and comparisons

/** Options of {@linkcode confidenceInterval}, {@linkcode welchTest} and {@linkcode pairedTest}. */
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

/** What a two-sided t-test of a difference of means finds; see {@linkcode WelchTest} and {@linkcode PairedTest}. */
export interface TTest {
  /** The difference of the means. */
  difference: number;
  /** Its standard error. */
  standardError: number;
  /** Degrees of freedom of the t distribution. */
  df: number;
  /** The t statistic, `difference / standardError`. */
  t: number;
  /** Two-sided p-value: the chance of a |t| at least this large if the means were equal. */
  p: number;
  /** Lower end of the confidence interval of the difference. */
  lower: number;
  /** Upper end of the confidence interval of the difference. */
  upper: number;
  /** The confidence level, e.g. 0.95. */
  level: number;
}

/**
 * The t statistic, its two-sided p-value and the interval of a difference
 * with standard error `se` and `df` degrees of freedom. A standard error of 0
 * (every value equal) gives p = 1 for no difference and p = 0 otherwise, with
 * an interval of the difference alone.
 */
function tTest(difference: number, se: number, df: number, level: number): TTest {
  if (se === 0) {
    const t = difference === 0 ? 0 : Infinity * Math.sign(difference);
    const p = difference === 0 ? 1 : 0;
    return { difference, standardError: se, df, t, p, lower: difference, upper: difference, level };
  }
  const t = difference / se;
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return {
    difference,
    standardError: se,
    df,
    t,
    p,
    lower: difference - half,
    upper: difference + half,
    level,
  };
}

/**
 * Welch's comparison of two means, as {@linkcode welchTest} returns it:
 * `difference` is `mean(a) − mean(b)`, its standard error √(sa²/na + sb²/nb),
 * and `df` the Welch–Satterthwaite degrees of freedom (`Infinity` when both
 * samples are constant).
 */
export type WelchTest = TTest;

/**
 * Compares the means of two independent samples with Welch's t-test, which
 * does not assume equal variances: the difference, its confidence interval
 * and a two-sided p-value (as `scipy.stats.ttest_ind(a, b, equal_var=False)`).
 *
 * @param a First sample, at least two finite numbers.
 * @param b Second sample, at least two finite numbers.
 * @param options `level` (0.95) of the difference's interval.
 * @returns See {@linkcode WelchTest}.
 * @throws {RangeError} On a sample of fewer than two values, a non-finite value or a bad level.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { welchTest } from "./stats.ts";
 * const w = welchTest([0.80, 0.81, 0.82, 0.81], [0.83, 0.84, 0.83, 0.85]);
 * assert.equal(w.difference.toFixed(4), "-0.0275");
 * assert.ok(w.p < 0.05);
 * ```
 */
export function welchTest(
  a: readonly number[],
  b: readonly number[],
  options: ConfidenceOptions = {},
): WelchTest {
  const context = "Cannot compare means";
  checkSample(context, "a", a, 2);
  checkSample(context, "b", b, 2);
  const level = checkProbability(context, "level", options.level ?? 0.95);
  const va = standardDeviation(a) ** 2 / a.length;
  const vb = standardDeviation(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  const df = se === 0
    ? Infinity
    : (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return tTest(mean(a) - mean(b), se, df, level);
}

/**
 * The paired t-test of two samples, as {@linkcode pairedTest} returns it:
 * `difference` is the mean of the differences `a[i] − b[i]`, its standard
 * error their sd over √n, and `df` is n − 1.
 */
export interface PairedTest extends TTest {
  /** Number of pairs. */
  n: number;
  /** Sample standard deviation (n − 1) of the differences. */
  sd: number;
}

/**
 * Compares two paired samples, such as the final accuracies of the same
 * seeds under two settings, with the paired t-test: a one-sample t-test of
 * the differences `a[i] − b[i]` (as `scipy.stats.ttest_rel(a, b)`). Where
 * the seeds that do well under one setting do well under the other, pairing
 * takes that shared luck out and tells a smaller difference apart than
 * {@linkcode welchTest} can.
 *
 * @param a First sample, at least two finite numbers.
 * @param b Second sample, paired with `a` entry by entry.
 * @param options `level` (0.95) of the interval of the mean difference.
 * @returns See {@linkcode PairedTest}.
 * @throws {RangeError} On fewer than two pairs, mismatched lengths, a non-finite value or a bad level.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pairedTest } from "./stats.ts";
 * const test = pairedTest([0.82, 0.80, 0.85, 0.81], [0.81, 0.78, 0.84, 0.79]);
 * assert.equal(test.difference.toFixed(3), "0.015");
 * assert.equal(test.df, 3);
 * assert.ok(test.p < 0.05 && test.lower > 0);
 * ```
 */
export function pairedTest(
  a: readonly number[],
  b: readonly number[],
  options: ConfidenceOptions = {},
): PairedTest {
  const context = "Cannot compare paired means";
  checkPairedSamples(context, a, b);
  const level = checkProbability(context, "level", options.level ?? 0.95);
  const differences = a.map((x, i) => x - b[i]);
  const n = differences.length;
  const sd = standardDeviation(differences);
  return { n, sd, ...tTest(mean(differences), sd / Math.sqrt(n), n - 1, level) };
}

/**
 * Holm's step-down correction of p-values for testing several hypotheses at
 * once: the smallest p-value is multiplied by m (the number of tests), the
 * next by m − 1, and so on, each kept at least as large as the one before and
 * at most 1 (as `statsmodels.stats.multitest.multipletests(p, method="holm")`).
 * Rejecting where an adjusted p-value is below α keeps the chance of any
 * false rejection among the m tests below α, whatever their dependence.
 *
 * @param pValues One p-value per test, each in [0, 1].
 * @returns The adjusted p-values, in the order of `pValues`.
 * @throws {RangeError|TypeError} On no p-values or one outside [0, 1].
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { holm } from "./stats.ts";
 * assert.deepEqual(holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]);
 * ```
 */
export function holm(pValues: readonly number[]): number[] {
  const p = checkSample("Cannot adjust p-values", "pValues", pValues, 1, [0, 1]);
  const m = p.length;
  const order = p.map((_, i) => i).sort((i, j) => p[i] - p[j]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((i, rank) => {
    running = Math.min(1, Math.max(running, (m - rank) * p[i]));
    adjusted[i] = running;
  });
  return adjusted;
}

/** Options of {@linkcode seedsNeeded}. */
export interface SeedsNeededOptions {
  /**
   * Significance level α of a two-sided test: the chance of calling two equal
   * means different.
   *
   * @default {0.05}
   */
  alpha?: number;
  /**
   * Power 1 − β: the chance of telling the means apart when they really
   * differ by `difference`.
   *
   * @default {0.8}
   */
  power?: number;
}

/**
 * How many seeds each of two configurations needs before a two-sided,
 * two-sample t-test at level α tells their means apart with the given power,
 * when they truly differ by `difference` and each has standard deviation
 * `sd`. Starts from the normal approximation
 * n = 2 ((z(1 − α/2) + z(1 − β)) σ / Δ)², then replaces the z quantiles by t
 * quantiles with 2(n − 1) degrees of freedom until n stops changing (the usual
 * correction for small samples).
 *
 * @param difference The true difference of the means, Δ (its sign is ignored).
 * @param sd The standard deviation σ of one run's result (pool two as √((σa² + σb²)/2)).
 * @param options `alpha` (0.05), `power` (0.8).
 * @returns Seeds per configuration, at least 2; `Infinity` when `difference` is 0.
 * @throws {RangeError} On a non-finite difference, an sd not above 0, or α or power outside (0, 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedsNeeded } from "./stats.ts";
 * // One standard deviation apart: 17 seeds each (16 by the normal approximation).
 * assert.equal(seedsNeeded(0.01, 0.01), 17);
 * ```
 */
export function seedsNeeded(
  difference: number,
  sd: number,
  options: SeedsNeededOptions = {},
): number {
  const context = "Cannot compute seeds needed";
  if (typeof difference !== "number" || !Number.isFinite(difference)) {
    rangeFail(context, `difference must be a finite number, got ${describe(difference)}`);
  }
  checkPositive(context, "sd", sd);
  const alpha = checkProbability(context, "alpha", options.alpha ?? 0.05);
  const power = checkProbability(context, "power", options.power ?? 0.8);
  if (difference === 0) return Infinity;
  const ratio = (sd / Math.abs(difference)) ** 2;
  const size = (qa: number, qb: number) => Math.max(2, Math.ceil(2 * (qa + qb) ** 2 * ratio));
  let n = size(normalQuantile(1 - alpha / 2), normalQuantile(power));
  for (let i = 0; i < 100; i++) {
    const df = 2 * (n - 1);
    const next = size(tQuantile(1 - alpha / 2, df), tQuantile(power, df));
    if (next === n) break;
    n = next;
  }
  return n;
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
