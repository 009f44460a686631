/**
 * The exact gradient and Hessian of the tutorial's mean training loss with
 * respect to all of the network's parameters, in float64, for notebook 14's
 * sharpness of minima: 303 parameters for the 2-50-3 network, so the whole
 * 303 × 303 Hessian is small enough to form and diagonalise
 * ({@linkcode symmetricEigen}).
 *
 * For one example with logits `z`, class probabilities `p = softmax(z)` and
 * one-hot target `y`, the cross-entropy's derivatives at the logits are
 * `r = p − y` and `A = diag(p) − p pᵀ`. The Hessian of the loss is then
 *
 * - the Gauss–Newton term `Jᵀ A J`, with `J = ∂z/∂θ` (3 × 303), plus
 * - the curvature of the network itself, `Σ_c r_c ∂²z_c/∂θ²`. The logits are
 *   linear in each layer's weights, and ReLU's second derivative is zero
 *   wherever it has one, so the only second derivatives left are those
 *   between an output weight `W2[j][c]` and the input weights and bias of
 *   the same hidden unit `j`: `∂²z_c/∂W2[j][c]∂W1[k][j] = x_k` and
 *   `∂²z_c/∂W2[j][c]∂b1[j] = 1`, where unit j is active.
 *
 * Averaged over the examples, that is the Hessian of the mean loss that
 * {@linkcode fitSeeds} and {@linkcode fitModel} descend. Parameters are in
 * `_layout.ts`'s order (tfjs' `getWeights()`): hidden kernel `[input][unit]`,
 * hidden bias, output kernel `[unit][class]`, output bias.
 *
 * @module
 */
import { EPSILON, type Examples } from "./mlp.ts";
import { layoutOf } from "../_layout.ts";
import { optionsObject } from "../_validate.ts";
import { checkExamples, flattenDense, resolveWeights } from "./_weights.ts";
import { checkLoss } from "../training/options.ts";
import type { DenseWeights, LossKind } from "../types.ts";

export type { Examples };

/**
 * A network's weights as `History.weights` holds them (one
 * {@linkcode DenseWeights} per layer), or flat in `_layout.ts`'s order, as
 * {@linkcode flatWeights} makes them.
 */
export type NetworkWeights = readonly DenseWeights[] | ArrayLike<number>;

/** Options of {@linkcode lossGradient} and {@linkcode lossHessian}. */
export interface LossHessianOptions {
  /**
   * The cross-entropy differentiated: `"logits"`, Keras' cross-entropy from
   * the logits, or `"clipped"`, tfjs-layers' `categoricalCrossentropy`,
   * whose clip to [1e-7, 1 − 1e-7] takes an example whose true class is
   * predicted with a probability outside it out of the gradient and the
   * Hessian (see {@linkcode LossKind}).
   * @default {"logits"}
   */
  loss?: LossKind;
}

/** What {@linkcode lossGradient} returns. */
export interface LossGradient {
  /** The mean loss over the examples. */
  loss: number;
  /** The fraction of examples whose largest logit is their class (the first largest, as argMax). */
  accuracy: number;
  /** The gradient of the mean loss, one number per parameter. */
  gradient: Float64Array;
}

/** What {@linkcode lossHessian} returns: the gradient's figures and the Hessian. */
export interface LossHessian extends LossGradient {
  /** The Hessian of the mean loss, one row per parameter; symmetric. */
  hessian: Float64Array[];
}

/**
 * A network's dense layers as one flat array of parameters, in `_layout.ts`'s
 * order: hidden kernel (row-major), hidden bias, output kernel, output bias.
 *
 * @param weights The network's weights, as `History.weights` holds them.
 * @returns The parameters, 303 for the tutorial's network.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { flatWeights } from "./hessian.ts";
 * const weights = [
 *   { kernel: [[1, 2]], bias: [3, 4] },
 *   { kernel: [[5], [6]], bias: [7] },
 * ];
 * deepEqual(Array.from(flatWeights(weights)), [1, 2, 3, 4, 5, 6, 7]);
 * ```
 */
export function flatWeights(weights: readonly DenseWeights[]): Float64Array {
  return flattenDense("Cannot flatten weights", weights);
}

/**
 * The mean loss over `examples` of the network with these weights, its
 * accuracy and the exact gradient of the mean loss, in float64.
 *
 * @param weights Per layer (`History.weights`) or flat ({@linkcode flatWeights}).
 * @param examples `x`, one array of features per example, and `y`, one one-hot target per example.
 * @param options `loss` ("logits").
 * @returns See {@linkcode LossGradient}.
 * @throws {TypeError|RangeError} Before any work, on weights whose count does
 *   not fit a 1-hidden-layer network for these examples, a non-finite weight,
 *   examples of unequal lengths or shapes, or an unknown loss.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { lossGradient } from "./hessian.ts";
 * const weights = [
 *   { kernel: [[1, -1]], bias: [0, 0] },
 *   { kernel: [[1, 0], [0, 1]], bias: [0, 0] },
 * ];
 * const { loss, gradient } = lossGradient(weights, { x: [[0]], y: [[1, 0]] });
 * equal(loss, Math.LN2); // both logits 0: probability 1/2 for the true class
 * equal(gradient[8], -0.5); // output bias of class 0: p − y = 0.5 − 1
 * ```
 */
export function lossGradient(
  weights: NetworkWeights,
  examples: Examples,
  options: LossHessianOptions = {},
): LossGradient {
  const { loss, accuracy, gradient } = differentiate(
    "Cannot compute the loss gradient",
    weights,
    examples,
    options,
    false,
  );
  return { loss, accuracy, gradient };
}

/**
 * The exact Hessian of the mean loss over `examples` with respect to every
 * parameter of the network, in float64, with the loss, accuracy and
 * gradient. For the tutorial's 2-50-3 network and 500 examples it takes
 * tens of milliseconds.
 *
 * At a point where some example's hidden pre-activation is exactly 0 the
 * loss has no second derivative; there the Hessian is that of the side where
 * the unit is off, as the gradient is (tfjs' ReLU passes no gradient at 0).
 *
 * @param weights Per layer (`History.weights`) or flat ({@linkcode flatWeights}).
 * @param examples `x`, one array of features per example, and `y`, one one-hot target per example.
 * @param options `loss` ("logits").
 * @returns See {@linkcode LossHessian}.
 * @throws {TypeError|RangeError} As {@linkcode lossGradient}, before any work.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { lossHessian } from "./hessian.ts";
 * const weights = [
 *   { kernel: [[1, -1]], bias: [0, 0] },
 *   { kernel: [[1, 0], [0, 1]], bias: [0, 0] },
 * ];
 * const { hessian } = lossHessian(weights, { x: [[0]], y: [[1, 0]] });
 * equal(hessian.length, 10); // 1·2 + 2 + 2·2 + 2 parameters
 * // The output biases: p(1 − p) on the diagonal, −p₀p₁ off it.
 * deepEqual([hessian[8][8], hessian[8][9]], [0.25, -0.25]);
 * ```
 */
export function lossHessian(
  weights: NetworkWeights,
  examples: Examples,
  options: LossHessianOptions = {},
): LossHessian {
  const result = differentiate("Cannot compute the loss Hessian", weights, examples, options, true);
  return result as LossHessian;
}

/** Loss, accuracy and gradient, and with `hessian` the Hessian, of the mean loss. */
function differentiate(
  context: string,
  weights: NetworkWeights,
  examples: Examples,
  options: LossHessianOptions,
  hessian: boolean,
): LossGradient & { hessian?: Float64Array[] } {
  const kind = checkLoss(context, optionsObject(context, options).loss ?? "logits");
  const data = checkExamples(context, examples);
  const { params: w, shape } = resolveWeights(context, weights, data.inputs, data.classes);
  const { inputs: I, hidden: H, classes: C } = shape;
  const { b1: oB1, w2: oW2, b2: oB2, size: P } = layoutOf(shape);
  const N = data.n;

  const pre = new Float64Array(H), h = new Float64Array(H);
  const z = new Float64Array(C), p = new Float64Array(C), r = new Float64Array(C);
  const A = new Float64Array(C * C);
  const gradient = new Float64Array(P);
  // Per example: the factor L of A, and G[m] = Jᵀ L_m on the parameters listed in `nonzero`.
  const L = new Float64Array(C * C);
  const G = hessian ? Array.from({ length: C }, () => new Float64Array(P)) : [];
  const nonzero = new Int32Array(P);
  const H2 = hessian ? Array.from({ length: P }, () => new Float64Array(P)) : [];
  let lossSum = 0;
  let correct = 0;

  for (let n = 0; n < N; n++) {
    const xo = n * I, yo = n * C;
    // Forward.
    for (let j = 0; j < H; j++) {
      let a = w[oB1 + j];
      for (let k = 0; k < I; k++) a += data.x[xo + k] * w[k * H + j];
      pre[j] = a;
      h[j] = a > 0 ? a : 0;
    }
    let max = -Infinity, best = 0;
    for (let c = 0; c < C; c++) {
      let v = w[oB2 + c];
      for (let j = 0; j < H; j++) v += h[j] * w[oW2 + j * C + c];
      z[c] = v;
      if (v > max) {
        max = v;
        best = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < C; c++) sum += p[c] = Math.exp(z[c] - max);
    const logSum = Math.log(sum);
    for (let c = 0; c < C; c++) p[c] /= sum;
    let label = 0;
    for (let c = 1; c < C; c++) if (data.y[yo + c] > data.y[yo + label]) label = c;
    if (best === label) correct++;

    // The loss, and its derivatives at the logits: r = ∂loss/∂z, A = ∂²loss/∂z² = mass · (diag p − p pᵀ).
    let mass = 0;
    for (let c = 0; c < C; c++) {
      const yc = data.y[yo + c];
      if (yc === 0) continue;
      if (kind === "logits") {
        lossSum -= yc * (z[c] - max - logSum);
        mass += yc;
      } else {
        lossSum -= yc * Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, p[c])));
        if (p[c] >= EPSILON && p[c] <= 1 - EPSILON) mass += yc;
      }
    }
    for (let c = 0; c < C; c++) {
      const yc = data.y[yo + c];
      const counts = kind === "logits" || (p[c] >= EPSILON && p[c] <= 1 - EPSILON);
      r[c] = mass * p[c] - (counts ? yc : 0);
    }
    if (mass === 0) continue; // clipped on every class: no gradient, no curvature

    // Gradient: Σ_c r_c ∂z_c/∂θ.
    for (let c = 0; c < C; c++) gradient[oB2 + c] += r[c];
    for (let j = 0; j < H; j++) {
      let d = 0;
      for (let c = 0; c < C; c++) {
        gradient[oW2 + j * C + c] += h[j] * r[c];
        d += r[c] * w[oW2 + j * C + c];
      }
      if (pre[j] > 0) {
        gradient[oB1 + j] += d;
        for (let k = 0; k < I; k++) gradient[k * H + j] += data.x[xo + k] * d;
      }
    }
    if (!hessian) continue;

    // The parameters where some J[c] = ∂z_c/∂θ is not 0, in increasing order.
    let count = 0;
    for (let k = 0; k < I; k++) {
      for (let j = 0; j < H; j++) if (pre[j] > 0) nonzero[count++] = k * H + j;
    }
    for (let j = 0; j < H; j++) if (pre[j] > 0) nonzero[count++] = oB1 + j;
    for (let j = 0; j < H; j++) {
      if (pre[j] > 0) { for (let c = 0; c < C; c++) nonzero[count++] = oW2 + j * C + c; }
    }
    for (let c = 0; c < C; c++) nonzero[count++] = oB2 + c;
    // A = L Lᵀ (Cholesky; A has rank C − 1, so a column whose pivot is rounding is dropped),
    // then the Gauss–Newton term Jᵀ A J = Σ_m (Jᵀ L_m)(Jᵀ L_m)ᵀ, on the nonzero parameters only.
    const rank = factor(mass, p, A, L);
    for (let m = 0; m < rank; m++) {
      const g = G[m];
      const l = L.subarray(m * C, (m + 1) * C);
      let t = 0;
      for (let k = 0; k < I; k++) {
        const xk = data.x[xo + k];
        for (let j = 0; j < H; j++) {
          if (!(pre[j] > 0)) continue;
          let v = 0;
          for (let c = 0; c < C; c++) v += l[c] * w[oW2 + j * C + c];
          g[t++] = xk * v;
        }
      }
      for (let j = 0; j < H; j++) {
        if (!(pre[j] > 0)) continue;
        let v = 0;
        for (let c = 0; c < C; c++) v += l[c] * w[oW2 + j * C + c];
        g[t++] = v;
      }
      for (let j = 0; j < H; j++) {
        if (pre[j] > 0) { for (let c = 0; c < C; c++) g[t++] = h[j] * l[c]; }
      }
      for (let c = 0; c < C; c++) g[t++] = l[c];
    }
    // Into the upper triangle: H[a][b] += Σ_m g_m[a] g_m[b], b ≥ a.
    for (let t = 0; t < count; t++) {
      const row = H2[nonzero[t]];
      if (rank === 2) {
        const g0 = G[0], g1 = G[1], s0 = g0[t], s1 = g1[t];
        for (let t2 = t; t2 < count; t2++) row[nonzero[t2]] += s0 * g0[t2] + s1 * g1[t2];
      } else {
        for (let m = 0; m < rank; m++) {
          const g = G[m], s = g[t];
          if (s === 0) continue;
          for (let t2 = t; t2 < count; t2++) row[nonzero[t2]] += s * g[t2];
        }
      }
    }
    // The network's own curvature: r_c between W2[j][c] and unit j's inputs and bias.
    for (let j = 0; j < H; j++) {
      if (!(pre[j] > 0)) continue;
      for (let c = 0; c < C; c++) {
        const b = oW2 + j * C + c;
        H2[oB1 + j][b] += r[c];
        for (let k = 0; k < I; k++) H2[k * H + j][b] += r[c] * data.x[xo + k];
      }
    }
  }

  for (let i = 0; i < P; i++) gradient[i] /= N;
  const result: LossGradient & { hessian?: Float64Array[] } = {
    loss: lossSum / N,
    accuracy: correct / N,
    gradient,
  };
  if (hessian) {
    for (let a = 0; a < P; a++) {
      const row = H2[a];
      for (let b = a; b < P; b++) {
        row[b] /= N;
        H2[b][a] = row[b];
      }
    }
    result.hessian = H2;
  }
  return result;
}

/** Pivots below this fraction of A's largest diagonal entry count as rounding of a 0. */
const PIVOT_TOLERANCE = 1e-13;

/**
 * Fills `A` with `mass · (diag p − p pᵀ)` and factors it as `L Lᵀ`, with the
 * factor's columns as the rows of `L` (`L[m·C + c]` is entry c of column m),
 * dropping columns whose pivot is rounding. Returns the number of columns kept.
 */
function factor(mass: number, p: Float64Array, A: Float64Array, L: Float64Array): number {
  const C = p.length;
  let largest = 0;
  for (let c = 0; c < C; c++) {
    for (let c2 = 0; c2 < C; c2++) A[c * C + c2] = mass * ((c === c2 ? p[c] : 0) - p[c] * p[c2]);
    largest = Math.max(largest, A[c * C + c]);
  }
  let rank = 0;
  for (let i = 0; i < C; i++) {
    let pivot = A[i * C + i];
    for (let m = 0; m < rank; m++) pivot -= L[m * C + i] ** 2;
    if (!(pivot > PIVOT_TOLERANCE * largest)) continue;
    const root = Math.sqrt(pivot);
    for (let c = 0; c < C; c++) {
      if (c < i) {
        L[rank * C + c] = 0;
        continue;
      }
      let v = A[c * C + i];
      for (let m = 0; m < rank; m++) v -= L[m * C + c] * L[m * C + i];
      L[rank * C + c] = v / root;
    }
    rank++;
  }
  return rank;
}
