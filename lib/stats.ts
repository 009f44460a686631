/**
 * The statistics the notebooks need to say how much of a result is luck:
 * mean and standard deviation over seeds, Student-t confidence intervals,
 * Welch's two-sample comparison, how many seeds it takes to tell two means
 * apart, the correlation of paired samples, and when a mean learning curve
 * first reaches a threshold.
 * Introduced by notebooks 6 (luck and repeats) and 7 (time, updates and
 * epochs). Plain numbers in, plain numbers out; no dependencies.
 *
 * @example
 * ```ts
 * import { confidenceInterval, seedsNeeded } from "./stats.ts";
 * const ci = confidenceInterval([0.81, 0.82, 0.83, 0.82]);
 * console.log(ci.mean.toFixed(3), ci.halfWidth.toFixed(4)); // "0.820" "0.0130"
 * console.log(seedsNeeded(0.005, 0.01)); // seeds per group for a 0.005 difference, sd 0.01
 * ```
 *
 * @module
 */
import type { EpochLog, History } from "./types.ts";
import {
  checkChoice,
  checkHistories,
  checkPositive,
  checkProbability,
  checkSample,
  describe,
  rangeFail,
} from "./_validate.ts";

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
 * import { mean } from "./stats.ts";
 * console.log(mean([1, 2, 6])); // 3
 * ```
 */
export function mean(values: readonly number[]): number {
  const v = checkSample("Cannot take mean", "values", values, 1);
  let sum = 0;
  for (const x of v) sum += x;
  return sum / v.length;
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
 * import { standardDeviation } from "./stats.ts";
 * console.log(standardDeviation([1, 2, 3])); // 1
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

/** ln Γ(x) for x > 0 (Lanczos' approximation, g = 7; about 15 digits). */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0];
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    // Even step.
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    c = 1 + num / c;
    if (Math.abs(d) < tiny) d = tiny;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    f *= d * c;
    // Odd step.
    num = -((a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    c = 1 + num / c;
    if (Math.abs(d) < tiny) d = tiny;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    f *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return f;
}

/** The regularized incomplete beta function I_x(a, b). */
function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x),
  );
  // The fraction converges fast below the mean of the beta distribution; use symmetry above it.
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(a, b, x)) / a
    : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** Student's t distribution function with `df` degrees of freedom (Infinity: the normal). */
function tCdf(t: number, df: number): number {
  if (!Number.isFinite(df)) return normalCdf(t);
  const tail = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t));
  return t > 0 ? 1 - tail : tail;
}

/** Standard normal distribution function. */
function normalCdf(z: number): number {
  // Φ(z) = ½ erfc(−z/√2); erfc from the regularized incomplete gamma Q(½, z²/2).
  const x = (z * z) / 2;
  const q = incompleteGammaQ(0.5, x);
  return z > 0 ? 1 - q / 2 : q / 2;
}

/** The regularized upper incomplete gamma function Q(a, x). */
function incompleteGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    // Series for P(a, x).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - front * sum;
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let f = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    f *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return front * f;
}

/** Solves `cdf(x) = p` for x by bisection (the distribution functions here are monotone). */
function invert(cdf: (x: number) => number, p: number): number {
  if (p === 0.5) return 0;
  let lo = -1;
  let hi = 1;
  while (cdf(lo) > p) lo *= 2;
  while (cdf(hi) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The quantile of the standard normal distribution: the z with P(Z ≤ z) = p.
 *
 * @param p A probability in (0, 1).
 * @returns The quantile, e.g. 1.959964 for p = 0.975.
 * @throws {RangeError} Unless 0 < p < 1.
 *
 * @example
 * ```ts
 * import { normalQuantile } from "./stats.ts";
 * console.log(normalQuantile(0.975).toFixed(3)); // "1.960"
 * ```
 */
export function normalQuantile(p: number): number {
  checkProbability("Cannot take normal quantile", "p", p);
  return invert(normalCdf, p);
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
 * import { tQuantile } from "./stats.ts";
 * console.log(tQuantile(0.975, 9).toFixed(3)); // "2.262"
 * ```
 */
export function tQuantile(p: number, df: number): number {
  const context = "Cannot take t quantile";
  checkProbability(context, "p", p);
  if (df !== Infinity) checkPositive(context, "df", df);
  return invert((t) => tCdf(t, df), p);
}

// ---------------------------------------------------------------------------
// Confidence intervals and comparisons

/** Options of {@linkcode confidenceInterval} and {@linkcode welchTest}. */
export interface ConfidenceOptions {
  /** Confidence level of the interval, in (0, 1); defaults to 0.95. */
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
 * import { confidenceInterval } from "./stats.ts";
 * const ci = confidenceInterval([0.80, 0.82, 0.81, 0.83, 0.82]);
 * console.log(`${ci.mean.toFixed(3)} ± ${ci.halfWidth.toFixed(3)}`); // "0.816 ± 0.014"
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

/** Welch's comparison of two means, as {@linkcode welchTest} returns it. */
export interface WelchTest {
  /** `mean(a) − mean(b)`. */
  difference: number;
  /** Standard error of the difference: √(sa²/na + sb²/nb). */
  standardError: number;
  /** Welch–Satterthwaite degrees of freedom. */
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
 * Compares the means of two independent samples with Welch's t-test, which
 * does not assume equal variances: the difference, its confidence interval
 * and a two-sided p-value.
 *
 * @param a First sample, at least two finite numbers.
 * @param b Second sample, at least two finite numbers.
 * @param options `level` (0.95) of the difference's interval.
 * @returns See {@linkcode WelchTest}.
 * @throws {RangeError} On a sample of fewer than two values, a non-finite value or a bad level.
 *
 * @example
 * ```ts
 * import { welchTest } from "./stats.ts";
 * const w = welchTest([0.80, 0.81, 0.82, 0.81], [0.83, 0.84, 0.83, 0.85]);
 * console.log(w.difference.toFixed(3), w.p < 0.05); // "-0.027" true
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
  const difference = mean(a) - mean(b);
  const standardError = Math.sqrt(va + vb);
  if (standardError === 0) {
    const p = difference === 0 ? 1 : 0;
    return {
      difference,
      standardError,
      df: Infinity,
      t: difference === 0 ? 0 : Infinity * Math.sign(difference),
      p,
      lower: difference,
      upper: difference,
      level,
    };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = difference / standardError;
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const half = tQuantile(1 - (1 - level) / 2, df) * standardError;
  return {
    difference,
    standardError,
    df,
    t,
    p,
    lower: difference - half,
    upper: difference + half,
    level,
  };
}

/** Options of {@linkcode seedsNeeded}. */
export interface SeedsNeededOptions {
  /**
   * Significance level α of a two-sided test: the chance of calling two equal
   * means different; defaults to 0.05.
   */
  alpha?: number;
  /**
   * Power 1 − β: the chance of telling the means apart when they really
   * differ by `difference`; defaults to 0.8.
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
 * import { seedsNeeded } from "./stats.ts";
 * // One standard deviation apart: about 17 seeds each (16 by the normal approximation).
 * console.log(seedsNeeded(0.01, 0.01)); // 17
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
 * import { correlation } from "./stats.ts";
 * console.log(correlation([1, 2, 3], [2, 4, 7]).toFixed(3)); // "0.993"
 * ```
 */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const context = "Cannot compute correlation";
  checkSample(context, "a", a, 2);
  checkSample(context, "b", b, 2);
  if (a.length !== b.length) {
    rangeFail(context, `b must have as many values as a (${a.length}), got ${b.length}`);
  }
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

// ---------------------------------------------------------------------------
// Learning curves

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

function checkMetric(context: string, metric: unknown): EpochMetric {
  return checkChoice(context, "metric", metric, METRICS);
}

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
 * import { meanCurve } from "./stats.ts";
 * import type { History } from "./types.ts";
 * const run = (accs: number[]) =>
 *   ({ epochs: accs.map((a, i) => ({ epoch: i + 1, valAccuracy: a })) }) as unknown as History;
 * console.log(meanCurve([run([0.5, 0.7]), run([0.7, 0.9])])); // [0.6, 0.8]
 * ```
 */
export function meanCurve(histories: History[], metric: EpochMetric = "valAccuracy"): number[] {
  const context = "Cannot average curves";
  const runs = checkHistories(context, "histories", histories);
  const key = checkMetric(context, metric);
  const length = Math.max(...runs.map((h) => h.epochs.length));
  return Array.from({ length }, (_, e) => {
    let sum = 0;
    for (const h of runs) {
      const log: EpochLog | undefined = h.epochs[e];
      if (log === undefined) return NaN;
      sum += log[key];
    }
    return sum / runs.length;
  });
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
  /** Which field of the epoch records to average; defaults to `"valAccuracy"` (test accuracy). */
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
 * import { timeToThreshold } from "./stats.ts";
 * import type { History } from "./types.ts";
 * const run = (accs: number[]) => ({
 *   epochs: accs.map((a, i) => ({ epoch: i + 1, valAccuracy: a, updates: 16 * (i + 1), seconds: 0.01 * (i + 1) })),
 * }) as unknown as History;
 * console.log(timeToThreshold([run([0.5, 0.79, 0.82]), run([0.6, 0.83, 0.84])], 0.8)?.epoch); // 2
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
  const runs = histories.map((h) => h.epochs[index]);
  return {
    epoch: index + 1,
    updates: runs[0].updates,
    seconds: runs.reduce((s, log) => s + log.seconds, 0) / runs.length,
    value: curve[index],
  };
}
