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
import { layoutOf, type MlpShape } from "../_layout.ts";
import { describe, isObject, optionsObject, rangeFail, typeFail } from "../_validate.ts";
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
  const context = "Cannot flatten weights";
  const shape = denseShape(context, weights);
  const params = new Float64Array(layoutOf(shape).size);
  let i = 0;
  for (const { kernel, bias } of weights) {
    for (const row of kernel) for (const v of row) params[i++] = v;
    for (const v of bias) params[i++] = v;
  }
  checkFiniteParams(context, params);
  return params;
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

/** The layer sizes of per-layer weights, checked for a 1-hidden-layer network. */
function denseShape(context: string, weights: unknown): MlpShape {
  if (!Array.isArray(weights) || weights.length !== 2 || !weights.every(isObject)) {
    typeFail(context, `weights must be two dense layers, got ${describe(weights)}`);
  }
  const [first, second] = weights as unknown as DenseWeights[];
  const rows = (name: string, m: unknown, cols: number | undefined): [number, number] => {
    if (!Array.isArray(m) || m.length === 0 || !m.every(Array.isArray)) {
      typeFail(context, `${name} must be a non-empty array of rows, got ${describe(m)}`);
    }
    const width = cols ?? (m[0] as unknown[]).length;
    (m as unknown[][]).forEach((row, i) => {
      if (row.length !== width) {
        rangeFail(context, `${name}[${i}] must have ${width} entries, got ${row.length}`);
      }
    });
    return [m.length, width];
  };
  const vector = (name: string, v: unknown, n: number) => {
    if (!Array.isArray(v) || v.length !== n) {
      rangeFail(context, `${name} must be an array of ${n} numbers, got ${describe(v)}`);
    }
  };
  const [inputs, hidden] = rows("weights[0].kernel", first.kernel, undefined);
  vector("weights[0].bias", first.bias, hidden);
  const [units, classes] = rows("weights[1].kernel", second.kernel, undefined);
  if (units !== hidden) {
    rangeFail(
      context,
      `weights[1].kernel must have one row per hidden unit (${hidden}), got ${units}`,
    );
  }
  vector("weights[1].bias", second.bias, classes);
  return { inputs, hidden, classes };
}

/** Throws unless every parameter is a finite number. */
function checkFiniteParams(context: string, params: ArrayLike<number>): void {
  for (let i = 0; i < params.length; i++) {
    if (!Number.isFinite(params[i])) {
      rangeFail(context, `weights[${i}] must be a finite number, got ${describe(params[i])}`);
    }
  }
}

/** The examples' features and one-hot targets, checked: flat arrays and their sizes. */
function checkExamples(
  context: string,
  examples: unknown,
): { x: Float64Array; y: Float64Array; n: number; inputs: number; classes: number } {
  if (!isObject(examples)) {
    typeFail(context, `examples must be an object { x, y }, got ${describe(examples)}`);
  }
  const { x, y } = examples;
  if (!Array.isArray(x) || !Array.isArray(y) || x.length === 0 || x.length !== y.length) {
    rangeFail(
      context,
      `examples.x and examples.y must be non-empty arrays of the same length, got ${
        describe(x)
      } and ${describe(y)}`,
    );
  }
  const n = x.length;
  const inputs = Array.isArray(x[0]) ? x[0].length : 0;
  const classes = Array.isArray(y[0]) ? y[0].length : 0;
  if (inputs < 1) {
    rangeFail(context, `examples.x[0] must be an array of features, got ${describe(x[0])}`);
  }
  if (classes < 2) {
    rangeFail(
      context,
      `examples.y[0] must be a one-hot target of at least 2 classes, got ${describe(y[0])}`,
    );
  }
  const fx = new Float64Array(n * inputs), fy = new Float64Array(n * classes);
  const copy = (name: string, rows: unknown[], width: number, out: Float64Array) =>
    rows.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== width) {
        rangeFail(context, `${name}[${i}] must have ${width} entries, got ${describe(row)}`);
      }
      row.forEach((v: unknown, k) => {
        if (typeof v !== "number" || !Number.isFinite(v)) {
          rangeFail(context, `${name}[${i}][${k}] must be a finite number, got ${describe(v)}`);
        }
        out[i * width + k] = v;
      });
    });
  copy("examples.x", x, inputs, fx);
  copy("examples.y", y, classes, fy);
  return { x: fx, y: fy, n, inputs, classes };
}

/** Flat float64 parameters and the network's shape, from either form of weights. */
function resolveWeights(
  context: string,
  weights: unknown,
  inputs: number,
  classes: number,
): { params: Float64Array; shape: MlpShape } {
  if (Array.isArray(weights) && weights.length > 0 && typeof weights[0] !== "number") {
    const shape = denseShape(context, weights);
    if (shape.inputs !== inputs || shape.classes !== classes) {
      rangeFail(
        context,
        `weights are for ${shape.inputs} inputs and ${shape.classes} classes, but the examples have ${inputs} and ${classes}`,
      );
    }
    return { params: flatWeights(weights as DenseWeights[]), shape };
  }
  const isArrayLike = Array.isArray(weights) ||
    (ArrayBuffer.isView(weights) && !(weights instanceof DataView));
  if (!isArrayLike) {
    typeFail(
      context,
      `weights must be dense layers or a flat array of numbers, got ${describe(weights)}`,
    );
  }
  const flat = weights as ArrayLike<unknown>;
  // inputs·hidden + hidden + hidden·classes + classes parameters.
  const hidden = (flat.length - classes) / (inputs + 1 + classes);
  if (!Number.isInteger(hidden) || hidden < 1) {
    rangeFail(
      context,
      `weights must hold ${
        inputs + 1 + classes
      }·hidden + ${classes} numbers for ${inputs} inputs and ${classes} classes, got ${flat.length}`,
    );
  }
  for (let i = 0; i < flat.length; i++) {
    if (typeof flat[i] !== "number") {
      typeFail(context, `weights[${i}] must be a number, got ${describe(flat[i])}`);
    }
  }
  checkFiniteParams(context, flat as ArrayLike<number>);
  return {
    params: Float64Array.from(flat as ArrayLike<number>),
    shape: { inputs, hidden, classes },
  };
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
