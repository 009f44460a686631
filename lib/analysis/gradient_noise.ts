/**
 * How noisy a minibatch gradient is: statistics of per-example gradients
 * (from {@linkcode perExampleGradients}) and the error of a minibatch
 * gradient against the full one, predicted and measured. Notebook 8 uses it.
 *
 * For N per-example gradients g_i with mean G (the full-batch gradient) and
 * tr(Σ) = (1/N) Σ_i |g_i − G|², a batch of B distinct examples drawn at random
 * has a mean gradient whose expected squared error is
 * `E|g_B − G|² = tr(Σ)/B · (N − B)/(N − 1)`: the 1/B law of averaging, with
 * the finite-population factor that makes it exactly zero at B = N. The
 * "simple" gradient noise scale of McCandlish et al. (*An Empirical Model of
 * Large-Batch Training*, 2018) is `B_simple = tr(Σ) / |G|²`: the batch size at
 * which the noise is as large as the signal.
 *
 * @module
 */
import { RandomState } from "../data/_random_state.ts";
import { checkInteger, rangeFail } from "../_validate.ts";

/** Statistics of a set of per-example gradients. */
export interface GradientStats {
  /** Number of examples, N. */
  examples: number;
  /** The mean gradient G: the gradient of the mean loss. */
  fullGradient: Float64Array;
  /** |G|². */
  gradientNormSq: number;
  /** tr(Σ) = (1/N) Σ_i |g_i − G|², the total variance of one example's gradient. */
  traceSigma: number;
  /** The simple noise scale tr(Σ) / |G|². */
  bSimple: number;
}

function checkGradients(context: string, grads: Float64Array[]): number {
  if (!Array.isArray(grads) || grads.length < 2) {
    rangeFail(
      context,
      `grads must hold at least 2 per-example gradients, got ${
        Array.isArray(grads) ? grads.length : typeof grads
      }`,
    );
  }
  const size = grads[0].length;
  const bad = grads.findIndex((g) => g.length !== size);
  if (bad >= 0) {
    rangeFail(
      context,
      `every gradient must have ${size} entries, got ${grads[bad].length} at index ${bad}`,
    );
  }
  return size;
}

/**
 * The mean, norm and total variance of per-example gradients.
 *
 * @param grads One gradient per example, as {@linkcode perExampleGradients} returns them.
 * @returns {@linkcode GradientStats}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradientStats } from "./gradient_noise.ts";
 * const stats = gradientStats([Float64Array.of(1, 0), Float64Array.of(3, 0)]);
 * assert.deepEqual(stats.fullGradient, Float64Array.of(2, 0));
 * assert.equal(stats.gradientNormSq, 4);
 * assert.equal(stats.traceSigma, 1);
 * assert.equal(stats.bSimple, 0.25);
 * ```
 */
export function gradientStats(grads: Float64Array[]): GradientStats {
  const size = checkGradients("Cannot compute gradient statistics", grads);
  const n = grads.length;
  const mean = new Float64Array(size);
  for (const g of grads) for (let k = 0; k < size; k++) mean[k] += g[k] / n;
  let normSq = 0;
  for (let k = 0; k < size; k++) normSq += mean[k] ** 2;
  let trace = 0;
  for (const g of grads) for (let k = 0; k < size; k++) trace += (g[k] - mean[k]) ** 2;
  trace /= n;
  return {
    examples: n,
    fullGradient: mean,
    gradientNormSq: normSq,
    traceSigma: trace,
    bSimple: trace / normSq,
  };
}

/**
 * The expected squared error of a minibatch gradient, `tr(Σ)/B · (N − B)/(N − 1)`.
 *
 * @param stats Statistics from {@linkcode gradientStats}.
 * @param batchSize B, from 1 to N.
 * @returns E|g_B − G|² for batches of B distinct examples.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradientStats, predictedMinibatchError } from "./gradient_noise.ts";
 * const stats = gradientStats([Float64Array.of(1), Float64Array.of(3)]);
 * assert.equal(predictedMinibatchError(stats, 1), 1);
 * assert.equal(predictedMinibatchError(stats, 2), 0); // the whole set: no error
 * ```
 */
export function predictedMinibatchError(stats: GradientStats, batchSize: number): number {
  const n = stats.examples;
  checkBatchSize("Cannot predict minibatch error", batchSize, n);
  return (stats.traceSigma / batchSize) * (n - batchSize) / (n - 1);
}

/** Options of {@linkcode measuredMinibatchError}. */
export interface MeasuredErrorOptions {
  /** How many random batches to average over; defaults to 200. */
  draws?: number;
  /** Seed of the batches drawn; defaults to 0. */
  seed?: number;
}

/**
 * The mean squared error |g_B − G|² of the gradients of random batches of
 * `batchSize` distinct examples, measured by drawing them.
 *
 * @param grads One gradient per example, as {@linkcode perExampleGradients} returns them.
 * @param batchSize B, from 1 to N.
 * @param options `draws` (200) and `seed` (0).
 * @returns The average over the draws.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { measuredMinibatchError } from "./gradient_noise.ts";
 * const grads = [Float64Array.of(1), Float64Array.of(3)];
 * // A batch of one is either example, each 1 away from the mean gradient 2.
 * assert.equal(measuredMinibatchError(grads, 1, { draws: 10 }), 1);
 * assert.equal(measuredMinibatchError(grads, 2), 0);
 * ```
 */
export function measuredMinibatchError(
  grads: Float64Array[],
  batchSize: number,
  options: MeasuredErrorOptions = {},
): number {
  const context = "Cannot measure minibatch error";
  const size = checkGradients(context, grads);
  const n = grads.length;
  checkBatchSize(context, batchSize, n);
  const draws = checkInteger(context, "draws", options.draws ?? 200);
  const rng = new RandomState(checkInteger(context, "seed", options.seed ?? 0, 0));
  const full = gradientStats(grads).fullGradient;
  const batchMean = new Float64Array(size);
  let total = 0;
  for (let d = 0; d < draws; d++) {
    batchMean.fill(0);
    const order = rng.permutation(n);
    for (let b = 0; b < batchSize; b++) {
      const g = grads[order[b]];
      for (let k = 0; k < size; k++) batchMean[k] += g[k];
    }
    let err = 0;
    for (let k = 0; k < size; k++) err += (batchMean[k] / batchSize - full[k]) ** 2;
    total += err;
  }
  return total / draws;
}

function checkBatchSize(context: string, batchSize: number, n: number): void {
  checkInteger(context, "batchSize", batchSize);
  if (batchSize > n) {
    rangeFail(context, `batchSize must be at most N = ${n}, got ${batchSize}`);
  }
}
