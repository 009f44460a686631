/**
 * The statistics: how much of a result is luck. Plain numbers in, plain
 * numbers out; the t distributions come from stdlib-js.
 *
 * Which file does what:
 * - `stats.ts`: {@linkcode mean}, {@linkcode median},
 *   {@linkcode standardDeviation}, the normal and t quantiles,
 *   {@linkcode confidenceInterval} and {@linkcode correlation}, over samples
 *   such as one final accuracy per seed.
 * - `comparisons.ts`: two groups of seeds compared ({@linkcode welchTest},
 *   {@linkcode pairedTest}, {@linkcode holm}) and {@linkcode seedsNeeded} to
 *   tell two means apart.
 * - `curves.ts`: statistics of runs, learning curves over seeds
 *   ({@linkcode seedMean}, {@linkcode meanCurve}, {@linkcode timeToThreshold}).
 * - `summary.ts`: {@linkcode seedSummary} and {@linkcode seedTable}, the
 *   spread over seeds as one row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { confidenceInterval, welchTest } from "./mod.ts";
 * const batch32 = [0.81, 0.82, 0.83, 0.82];
 * assert.equal(confidenceInterval(batch32).halfWidth.toFixed(4), "0.0130");
 * assert.ok(welchTest(batch32, [0.78, 0.79, 0.78, 0.80]).p < 0.01);
 * ```
 *
 * @module
 */
export * from "./stats.ts";
export * from "./comparisons.ts";
export * from "./curves.ts";
export * from "./summary.ts";
