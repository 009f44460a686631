/**
 * Comparing the means of two groups of seeds, and how many seeds that takes:
 * Welch's two-sample test, the paired t-test, Holm's correction for several
 * tests at once and the seeds needed to tell two means apart. Introduced by
 * notebook 6 (luck and repeats). The t and normal quantiles and the means
 * they stand on are in `stats.ts`, which says why these few lines of
 * arithmetic are ours rather than stdlib-js' `ttest2`, `ttest` and `padjust`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { holm, welchTest } from "./comparisons.ts";
 * const w = welchTest([0.80, 0.81, 0.82, 0.81], [0.83, 0.84, 0.83, 0.85]);
 * assert.ok(w.p < 0.01); // batch b's seeds do better, beyond luck
 * assert.deepEqual(holm([0.01, 0.04]), [0.02, 0.04]);
 * ```
 *
 * @module
 */
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import {
  checkPairedSamples,
  checkPositive,
  checkProbability,
  checkSample,
  describe,
  rangeFail,
} from "../_validate.ts";
import {
  type ConfidenceOptions,
  mean,
  normalQuantile,
  standardDeviation,
  tQuantile,
} from "./stats.ts";

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
 * import { welchTest } from "./comparisons.ts";
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
 * import { pairedTest } from "./comparisons.ts";
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
 * import { holm } from "./comparisons.ts";
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
 * import { seedsNeeded } from "./comparisons.ts";
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
