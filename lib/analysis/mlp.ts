/**
 * The tutorial's network on plain numbers: the forward pass and exact
 * per-example gradients of a dense ReLU → dense softmax model under either
 * categorical cross-entropy ({@linkcode LossKind}), for the analyses that need every example's
 * gradient (notebook 8) or predictions over a grid (notebook 6).
 *
 * Parameters are flattened as `_layout.ts` lays them out, in the order tfjs
 * lists them: hidden kernel (row-major, `[input][unit]`), hidden bias, output
 * kernel, output bias; for the tutorial's 2-50-3 network that is 303 numbers.
 *
 * @module
 */
import { rangeFail } from "../_validate.ts";
import { checkLoss } from "../training/options.ts";
import type { DenseWeights, LossKind } from "../types.ts";
import { layoutOf, paramCount } from "../_layout.ts";

/** tfjs' epsilon: the loss clips probabilities to [EPSILON, 1 − EPSILON]. */
export const EPSILON = 1e-7;

interface Layers {
  inputs: number;
  hidden: number;
  classes: number;
  W1: number[][];
  b1: number[];
  W2: number[][];
  b2: number[];
}

function layersOf(context: string, weights: DenseWeights[]): Layers {
  if (!Array.isArray(weights) || weights.length !== 2) {
    throw new TypeError(
      `${context}: weights must be two dense layers, got ${
        Array.isArray(weights) ? `${weights.length} layers` : typeof weights
      }`,
    );
  }
  const [{ kernel: W1, bias: b1 }, { kernel: W2, bias: b2 }] = weights;
  const inputs = W1.length, hidden = b1.length, classes = b2.length;
  if (W1.some((row) => row.length !== hidden) || W2.length !== hidden) {
    rangeFail(
      context,
      `weights have mismatched shapes: hidden kernel [${inputs}, ${
        W1[0]?.length
      }], hidden bias [${hidden}], output kernel [${W2.length}, ${W2[0]?.length}]`,
    );
  }
  if (W2.some((row) => row.length !== classes)) {
    rangeFail(
      context,
      `weights have mismatched shapes: output kernel rows must have ${classes} entries`,
    );
  }
  return { inputs, hidden, classes, W1, b1, W2, b2 };
}

/** Number of parameters of a network with these weights. */
export function parameterCount(weights: DenseWeights[]): number {
  return paramCount(layersOf("Cannot count parameters", weights));
}

function forward(l: Layers, x: number[], pre: Float64Array, h: Float64Array, p: Float64Array) {
  for (let j = 0; j < l.hidden; j++) {
    let a = l.b1[j];
    for (let k = 0; k < l.inputs; k++) a += x[k] * l.W1[k][j];
    pre[j] = a;
    h[j] = a > 0 ? a : 0;
  }
  let max = -Infinity;
  for (let c = 0; c < l.classes; c++) {
    let z = l.b2[c];
    for (let j = 0; j < l.hidden; j++) z += h[j] * l.W2[j][c];
    p[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < l.classes; c++) sum += p[c] = Math.exp(p[c] - max);
  for (let c = 0; c < l.classes; c++) p[c] /= sum;
}

/**
 * Class probabilities of the network for each point.
 *
 * @param weights The network's weights, as `History.weights` holds them.
 * @param points One array of features per point.
 * @returns One array of class probabilities per point.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { predictProbabilities } from "./mlp.ts";
 * const weights = [
 *   { kernel: [[1, -1]], bias: [0, 0] },
 *   { kernel: [[1, 0], [0, 1]], bias: [0, 0] },
 * ];
 * deepEqual(predictProbabilities(weights, [[0]]), [[0.5, 0.5]]); // equal logits, even odds
 * ```
 */
export function predictProbabilities(weights: DenseWeights[], points: number[][]): number[][] {
  const l = layersOf("Cannot predict", weights);
  const pre = new Float64Array(l.hidden), h = new Float64Array(l.hidden);
  return points.map((x, i) => {
    if (!Array.isArray(x) || x.length !== l.inputs) {
      throw new RangeError(
        `Cannot predict: points[${i}] must have ${l.inputs} features, got ${
          Array.isArray(x) ? x.length : typeof x
        }`,
      );
    }
    const p = new Float64Array(l.classes);
    forward(l, x, pre, h, p);
    return Array.from(p);
  });
}

/**
 * The most probable class of each point (the first one on a tie, as argMax).
 *
 * @param weights The network's weights, as `History.weights` holds them.
 * @param points One array of features per point.
 * @returns One class index per point.
 */
export function predictClasses(weights: DenseWeights[], points: number[][]): number[] {
  return predictProbabilities(weights, points).map((p) => p.indexOf(Math.max(...p)));
}

/** Examples with one-hot (or probability) targets, as the gradient functions take them. */
export interface Examples {
  /** One array of features per example. */
  x: number[][];
  /** One array of target probabilities per example: the one-hot label. */
  y: number[][];
}

/** Options of {@linkcode perExampleGradients}. */
export interface PerExampleGradientsOptions {
  /**
   * The loss differentiated: `"logits"`, Keras' cross-entropy from the logits
   * (gradient `p − y` at the logits), or `"clipped"`, tfjs-layers'
   * `categoricalCrossentropy`. Defaults to `"logits"`.
   */
  loss?: LossKind;
}

/**
 * The exact gradient of each example's loss with respect to every parameter.
 * Under `"logits"` (the default) the gradient at the logits is `p − y`; under
 * `"clipped"` the probabilities are divided by their sum and clipped to
 * [1e-7, 1 − 1e-7], where the clip passes no gradient. The mean of the rows
 * is the gradient of the mean loss, which training follows.
 *
 * @param weights The network's weights, as `History.weights` holds them.
 * @param examples `x`, one array of features per example, and `y`, one array of target probabilities (one-hot labels) per example.
 * @param options `loss` ("logits").
 * @returns One row of {@linkcode parameterCount} numbers per example, parameters in tfjs' order.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { perExampleGradients } from "./mlp.ts";
 * const weights = [
 *   { kernel: [[1, -1]], bias: [0, 0] },
 *   { kernel: [[1, 0], [0, 1]], bias: [0, 0] },
 * ];
 * const [g] = perExampleGradients(weights, { x: [[1]], y: [[1, 0]] });
 * equal(g.length, 10); // one number per parameter: 1·2 + 2 + 2·2 + 2
 * ```
 */
export function perExampleGradients(
  weights: DenseWeights[],
  examples: Examples,
  options: PerExampleGradientsOptions = {},
): Float64Array[] {
  const context = "Cannot compute gradients";
  const l = layersOf(context, weights);
  const loss = checkLoss(context, options.loss ?? "logits");
  const { x, y } = examples ?? {};
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) {
    rangeFail(
      context,
      `x and y must be arrays of the same length, got ${x?.length} and ${y?.length}`,
    );
  }
  const { inputs, hidden, classes } = l;
  const { b1: oB1, w2: oW2, b2: oB2, size: n } = layoutOf(l);
  const pre = new Float64Array(hidden), h = new Float64Array(hidden);
  const p = new Float64Array(classes), a = new Float64Array(classes);
  const dz = new Float64Array(classes), dh = new Float64Array(hidden);
  return x.map((xi, i) => {
    if (xi.length !== inputs || y[i].length !== classes) {
      rangeFail(
        context,
        `example ${i} must have ${inputs} features and ${classes} targets, got ${xi.length} and ${
          y[i].length
        }`,
      );
    }
    forward(l, xi, pre, h, p);
    if (loss === "logits") {
      for (let c = 0; c < classes; c++) dz[c] = p[c] - y[i][c];
    } else clippedGradient(p, y[i], a, dz);
    const g = new Float64Array(n);
    for (let c = 0; c < classes; c++) g[oB2 + c] = dz[c];
    for (let j = 0; j < hidden; j++) {
      let d = 0;
      for (let c = 0; c < classes; c++) {
        g[oW2 + j * classes + c] = h[j] * dz[c];
        d += dz[c] * l.W2[j][c];
      }
      dh[j] = pre[j] > 0 ? d : 0;
      g[oB1 + j] = dh[j];
      for (let k = 0; k < inputs; k++) g[k * hidden + j] = xi[k] * dh[j];
    }
    return g;
  });
}

/**
 * The gradient at the logits of tfjs-layers' clipped cross-entropy, into
 * `dz`: `q = p / sum(p)`, `loss = -Σ y_c log(clip(q_c))`, back through the
 * normalisation (`dq_c/dp_j = (δ_cj − q_c) / sum`) and the softmax. `a` is scratch.
 */
function clippedGradient(p: Float64Array, y: number[], a: Float64Array, dz: Float64Array): void {
  const classes = p.length;
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += p[c];
  for (let c = 0; c < classes; c++) {
    const q = p[c] / sum;
    a[c] = q >= EPSILON && q <= 1 - EPSILON ? -y[c] / q : 0;
  }
  let aq = 0;
  for (let c = 0; c < classes; c++) aq += a[c] * p[c] / sum;
  let s = 0;
  const dp = new Float64Array(classes);
  for (let j = 0; j < classes; j++) {
    dp[j] = (a[j] - aq) / sum;
    s += dp[j] * p[j];
  }
  for (let k = 0; k < classes; k++) dz[k] = p[k] * (dp[k] - s);
}
