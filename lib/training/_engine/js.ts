/**
 * The arithmetic of {@linkcode fitSeeds}' engine: the tutorial's one-hidden-layer
 * MLP (dense + ReLU, dense + softmax, categorical cross-entropy, SGD with
 * momentum) trained by hand over `Float32Array`s, many independent models at
 * once, with tfjs' float32 semantics wherever they decide a result:
 *
 * - parameters and momentum accumulators are stored in float32, and the
 *   update is tfjs' `MomentumOptimizer` rounded step by step:
 *   `acc = f32(f32(m * acc) + g)`, `w = f32(f32(-lr * acc) + w)`, except
 *   that an `acc` of magnitude below 2⁻¹⁰⁰ becomes 0 (and a `w` that small,
 *   after each epoch), and the softmax's `exp` is 0 below e⁻⁶⁰ (no
 *   subnormal floats: see {@linkcode EXP_CUTOFF});
 * - the loss is one of two categorical cross-entropies ({@linkcode LossKind}),
 *   mean over the batch: by default tfjs' `tf.losses.softmaxCrossEntropy` on
 *   the logits, `-sum(y * (z - logSumExp(z)))`, whose gradient is `p - y`
 *   with no clip, as Keras on TensorFlow trains a softmax output; or
 *   tfjs-layers' `categoricalCrossentropy` from probabilities, `q = p /
 *   sum(p)`, clipped to `[f32(1e-7), f32(1 - 1e-7)]` (gradient zero outside,
 *   bounds inclusive), `-sum(y * log(q))`, whose gradient follows the same
 *   chain (division, clip, log) and tfjs' softmax gradient;
 * - an epoch's loss and accuracy are accumulated as tfjs-layers' `BaseLogger`
 *   does, in float32: `total = f32(total + f32(value * batch))`, then
 *   `f32(f32(1 / seen) * total)`;
 * - an evaluation is `testLoop`'s single batch: `f32(f32(n * mean) / n)`.
 *
 * Sums inside a layer (matrix products, batch sums of gradients) are taken in
 * float64 and rounded once, so they differ from tfjs' float32 sums only by
 * rounding. No tfjs here (the engine core, `core.ts`, runs in a browser too);
 * the tests compare these functions with tfjs autodiff.
 *
 * Parameters are laid out as `_layout.ts` says (tfjs' `getWeights()` order,
 * `paramCount` floats per model, models back to back).
 *
 * @module
 */

import type { Models } from "./model_set.ts";
import type { LossKind } from "../../types.ts";
import { type Layout, layoutOf, type MlpShape, paramCount } from "../../_layout.ts";

export type { LossKind };

const f32 = Math.fround;
/** tfjs-layers' `epsilon()` as the float32 clip bounds of the loss. */
const LOW = f32(1e-7);
const HIGH = f32(1 - 1e-7);
/**
 * No subnormal floats (magnitudes below 2⁻¹²⁶), which WebAssembly cannot
 * flush to zero and which some CPUs compute on a slow path (Intel's far more
 * than AMD's Zen), so that the engines' speed does not depend on the learning
 * rate or the CPU: the softmax's `exp` is 0 where its float32 argument is
 * below `EXP_CUTOFF` (e⁻⁶⁰ ≈ 8.8e-27: so the probabilities and the gradients
 * made from them stay far above 2⁻¹²⁶; a probability that small changes no
 * float32 sum it enters, so the losses are unchanged), after each update a
 * momentum accumulator of magnitude below {@linkcode FLUSH} is 0 (`lr · acc`
 * below `lr · 2⁻¹⁰⁰` moves no weight of magnitude above `lr · 2⁻⁷⁶`), and
 * after each epoch a weight that small is 0 (a guard: with the accumulators
 * flushed, only the cancellation of two such tiny numbers could make one;
 * checking after every update cost batch 1 about a sixth of its engine time
 * on an AMD EPYC). NaN
 * passes both unchanged. `wasm/engine.ts` does the same.
 */
export const EXP_CUTOFF = -60;
/** See {@linkcode EXP_CUTOFF}: 2⁻¹⁰⁰. */
export const FLUSH = 2 ** -100;

/** A labelled split as flat arrays: `x` is `[n][inputs]`, `y` is `[n][classes]`. */
export interface Split {
  x: Float32Array;
  y: Float32Array;
  n: number;
}

/** Index of the first largest of `c` values starting at `offset` (tfjs' argMax). */
function argMax(values: ArrayLike<number>, offset: number, c: number): number {
  let best = 0;
  let max = values[offset];
  for (let k = 1; k < c; k++) {
    if (values[offset + k] > max) {
      max = values[offset + k];
      best = k;
    }
  }
  return best;
}

/** The class of every row of `y` (first largest wins), cached per array. */
const labelCache = new WeakMap<Float32Array, Int32Array>();
export function rowClasses(y: Float32Array, n: number, classes: number): Int32Array {
  let labels = labelCache.get(y);
  if (labels === undefined || labels.length !== n) {
    labels = new Int32Array(n);
    for (let r = 0; r < n; r++) labels[r] = argMax(y, r * classes, classes);
    labelCache.set(y, labels);
  }
  return labels;
}

/** Scratch space for one forward/backward pass, and the loss it computes. */
class Scratch {
  h: Float64Array;
  z: Float64Array;
  p: Float64Array;
  dz: Float64Array;
  grad: Float64Array;
  /**
   * What the prediction is the argMax of, as tfjs' accuracy sees the model's
   * output: the float32 logits for `"logits"` (the model's output layer is
   * linear), the probabilities for `"clipped"` (a softmax output layer).
   */
  out: Float64Array;
  /** Where each weight tensor starts within one model's parameters. */
  readonly layout: Layout;
  constructor(shape: MlpShape, readonly loss: LossKind) {
    this.layout = layoutOf(shape);
    this.h = new Float64Array(shape.hidden);
    this.z = new Float64Array(shape.classes);
    this.p = new Float64Array(shape.classes);
    this.dz = new Float64Array(shape.classes);
    this.grad = new Float64Array(this.layout.size);
    this.out = loss === "logits" ? this.z : this.p;
  }
}

/**
 * Forward pass of one example: hidden activations into `s.h`, float32
 * logits into `s.z`, float32 probabilities into `s.p`. Returns the example's loss (float32) and leaves
 * `s.dz` holding `d(loss * scale)/d(logits)` when `scale` is not 0.
 */
function example(
  shape: MlpShape,
  w: Float32Array,
  wo: number,
  x: Float32Array,
  xo: number,
  y: Float32Array,
  yo: number,
  scale: number,
  s: Scratch,
): number {
  const { inputs: I, hidden: H, classes: C } = shape;
  const b1 = wo + s.layout.b1, w2 = wo + s.layout.w2, b2 = wo + s.layout.b2;
  const h = s.h, z = s.z;
  for (let j = 0; j < H; j++) h[j] = w[b1 + j];
  for (let i = 0; i < I; i++) {
    const xi = x[xo + i];
    const row = wo + i * H;
    for (let j = 0; j < H; j++) h[j] += xi * w[row + j];
  }
  for (let j = 0; j < H; j++) {
    const a = f32(h[j]);
    h[j] = a > 0 ? a : 0;
  }
  for (let c = 0; c < C; c++) z[c] = w[b2 + c];
  for (let j = 0; j < H; j++) {
    const hj = h[j];
    if (hj === 0) continue;
    const row = w2 + j * C;
    for (let c = 0; c < C; c++) z[c] += hj * w[row + c];
  }
  for (let c = 0; c < C; c++) z[c] = f32(z[c]);
  let max = z[0];
  for (let c = 1; c < C; c++) if (z[c] > max) max = z[c];
  return s.loss === "logits" ? logitsLoss(max, y, yo, scale, s) : clippedLoss(max, y, yo, scale, s);
}

/**
 * tfjs' `tf.losses.softmaxCrossEntropy` on the logits `s.z` against the
 * one-hot row of `y` at `yo`, as Keras trains:
 * `lse = max + log(sum(exp(z - max)))`, `-sum(y * (z - lse))`; its gradient
 * is `exp(z - lse) - y`, with no clip. `s.p` gets the probabilities
 * `exp(z - lse)`, `s.dz` the gradient times `scale`.
 */
function logitsLoss(max: number, y: Float32Array, yo: number, scale: number, s: Scratch): number {
  const C = s.z.length, z = s.z;
  const p = s.p, dz = s.dz;
  let sum = 0;
  for (let c = 0; c < C; c++) {
    const d = f32(z[c] - max);
    if (!(d < EXP_CUTOFF)) sum += f32(Math.exp(d));
  }
  const lse = f32(max + f32(Math.log(f32(sum))));
  let loss = 0;
  for (let c = 0; c < C; c++) {
    const logP = f32(z[c] - lse);
    const yc = y[yo + c];
    if (yc !== 0) loss += f32(-f32(logP * yc));
    p[c] = logP < EXP_CUTOFF ? 0 : f32(Math.exp(logP));
    dz[c] = scale * (p[c] - yc);
  }
  return f32(loss);
}

/**
 * tfjs-layers' `categoricalCrossentropy` on the softmax's probabilities, as
 * `compile({ loss: "categoricalCrossentropy" })` trains: `p = exp(z - max) /
 * sum`, `q = p / sum(p)` clipped to `[f32(1e-7), f32(1 - 1e-7)]` (no gradient
 * outside, bounds inclusive), `-sum(y * log(q))`; the gradient follows the
 * same chain and tfjs' softmax gradient `dz = p * dp - p * sum(p * dp)`.
 */
function clippedLoss(max: number, y: Float32Array, yo: number, scale: number, s: Scratch): number {
  const C = s.z.length, z = s.z;
  const p = s.p;
  let sum = 0;
  for (let c = 0; c < C; c++) {
    const d = f32(z[c] - max);
    const e = d < EXP_CUTOFF ? 0 : f32(Math.exp(d));
    p[c] = e;
    sum += e;
  }
  sum = f32(sum);
  let total = 0;
  for (let c = 0; c < C; c++) {
    p[c] = f32(p[c] / sum);
    total += p[c];
  }
  // q = p / sum(p), clip, -sum(y log q)
  total = f32(total);
  let loss = 0;
  let dot = 0; // sum_c dq_c * p_c, for the gradient of the division by the sum
  const dz = s.dz;
  for (let c = 0; c < C; c++) {
    const q = f32(p[c] / total);
    const clipped = q < LOW ? LOW : q > HIGH ? HIGH : q;
    const yc = y[yo + c];
    if (yc !== 0) loss += yc * f32(Math.log(clipped));
    const dq = q >= LOW && q <= HIGH ? (-scale * yc) / clipped : 0;
    dz[c] = dq; // dq for now
    dot += dq * p[c];
  }
  if (scale !== 0) {
    // dp = dq / total - dot / total^2; dz = p * dp - p * sum(p * dp)
    const ds = -dot / (total * total);
    let pdp = 0;
    for (let c = 0; c < C; c++) {
      const dp = dz[c] / total + ds;
      dz[c] = dp;
      pdp += p[c] * dp;
    }
    for (let c = 0; c < C; c++) dz[c] = p[c] * (dz[c] - pdp);
  }
  return f32(-loss);
}

/** Adds the example's gradient (from `s.dz`, `s.h`) into `s.grad`. */
function backward(
  shape: MlpShape,
  w: Float32Array,
  wo: number,
  x: Float32Array,
  xo: number,
  s: Scratch,
): void {
  const { inputs: I, hidden: H, classes: C } = shape;
  const w2 = wo + s.layout.w2;
  const g = s.grad, h = s.h, dz = s.dz;
  const { b1: gb1, w2: gw2, b2: gb2 } = s.layout;
  for (let c = 0; c < C; c++) g[gb2 + c] += dz[c];
  for (let j = 0; j < H; j++) {
    const hj = h[j];
    if (!(hj > 0)) continue; // ReLU's gradient is 0 at 0 (tfjs' step)
    const row = j * C;
    let dh = 0;
    for (let c = 0; c < C; c++) {
      g[gw2 + row + c] += hj * dz[c];
      dh += w[w2 + row + c] * dz[c];
    }
    g[gb1 + j] += dh;
    for (let i = 0; i < I; i++) g[i * H + j] += x[xo + i] * dh;
  }
}

/** Loss and correct count of one batch, with its mean-loss gradient in `s.grad`. */
function batch(
  shape: MlpShape,
  w: Float32Array,
  wo: number,
  data: Split,
  labels: Int32Array,
  rows: Int32Array,
  start: number,
  end: number,
  s: Scratch,
): { loss: number; correct: number } {
  const { inputs: I, classes: C } = shape;
  s.grad.fill(0);
  const scale = 1 / (end - start);
  let loss = 0;
  let correct = 0;
  for (let r = start; r < end; r++) {
    const row = rows[r];
    loss += example(shape, w, wo, data.x, row * I, data.y, row * C, scale, s);
    if (argMax(s.out, 0, C) === labels[row]) correct++;
    backward(shape, w, wo, data.x, row * I, s);
  }
  return { loss, correct };
}

/**
 * The gradient of the mean batch loss for one model, as tfjs autodiff
 * computes it (for tests).
 *
 * @param shape Layer sizes.
 * @param params One model's parameters.
 * @param data The split the rows index.
 * @param rows Row indices of the batch.
 * @param loss Which cross-entropy.
 * @returns The batch's mean loss, its accuracy and the gradient in parameter order.
 */
export function batchGradient(
  shape: MlpShape,
  params: Float32Array,
  data: Split,
  rows: Int32Array,
  loss: LossKind = "logits",
): { loss: number; accuracy: number; gradient: Float32Array } {
  const s = new Scratch(shape, loss);
  const labels = rowClasses(data.y, data.n, shape.classes);
  const b = batch(shape, params, 0, data, labels, rows, 0, rows.length, s);
  return {
    loss: f32(b.loss / rows.length),
    accuracy: f32(b.correct / rows.length),
    gradient: Float32Array.from(s.grad),
  };
}

/** What {@linkcode trainEpoch} needs besides the data. */
export interface EpochOptions {
  /** Examples per update; the last batch of an epoch may be smaller. */
  batchSize: number;
  learningRate: number;
  momentum: number;
  /** Which cross-entropy to train. */
  loss: LossKind;
}

/**
 * Trains `k` models for one epoch in place: model `m` visits the rows in
 * `order[m * n .. (m + 1) * n)` in consecutive batches of `batchSize`.
 *
 * @param shape Layer sizes.
 * @param data The training split.
 * @param order `k` permutations of the rows, back to back.
 * @param params `k` models' parameters, updated in place.
 * @param accumulators `k` models' momentum accumulators, updated in place.
 * @param options Batch size, learning rate, momentum, loss.
 * @param loss Out: each model's epoch loss, as tfjs' epoch logs report it.
 * @param accuracy Out: each model's epoch accuracy, likewise.
 */
export function trainEpoch(
  shape: MlpShape,
  data: Split,
  order: Int32Array,
  params: Float32Array,
  accumulators: Float32Array,
  options: EpochOptions,
  loss: Float32Array,
  accuracy: Float32Array,
): void {
  const P = paramCount(shape);
  const k = params.length / P;
  const n = data.n;
  const batchSize = Math.min(options.batchSize, n);
  const m = f32(options.momentum);
  const negLr = f32(-options.learningRate);
  const labels = rowClasses(data.y, n, shape.classes);
  const s = new Scratch(shape, options.loss);
  const g = s.grad;
  const invSeen = f32(1 / n);
  for (let model = 0; model < k; model++) {
    const wo = model * P;
    const rows = order.subarray(model * n, (model + 1) * n);
    let lossTotal = 0;
    let accuracyTotal = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      const size = end - start;
      const b = batch(shape, params, wo, data, labels, rows, start, end, s);
      lossTotal = f32(lossTotal + f32(f32(b.loss / size) * size));
      accuracyTotal = f32(accuracyTotal + f32(f32(b.correct / size) * size));
      for (let i = 0; i < P; i++) {
        let a = f32(f32(m * accumulators[wo + i]) + f32(g[i]));
        if (Math.abs(a) < FLUSH) a = 0;
        accumulators[wo + i] = a;
        params[wo + i] = f32(f32(negLr * a) + params[wo + i]);
      }
    }
    for (let i = wo; i < wo + P; i++) if (Math.abs(params[i]) < FLUSH) params[i] = 0;
    loss[model] = f32(invSeen * lossTotal);
    accuracy[model] = f32(invSeen * accuracyTotal);
  }
}

/**
 * Loss and accuracy of `k` models on a whole split in one batch, as tfjs'
 * `model.evaluate(x, y, { batchSize: n })` reports them.
 *
 * @param shape Layer sizes.
 * @param data The split.
 * @param params `k` models' parameters.
 * @param kind Which cross-entropy to report.
 * @param loss Out: each model's loss.
 * @param accuracy Out: each model's accuracy.
 */
export function evaluateModels(
  shape: MlpShape,
  data: Split,
  params: Float32Array,
  kind: LossKind,
  loss: Float32Array,
  accuracy: Float32Array,
): void {
  const P = paramCount(shape);
  const k = params.length / P;
  const { n } = data;
  const { inputs: I, classes: C } = shape;
  const labels = rowClasses(data.y, n, C);
  const s = new Scratch(shape, kind);
  for (let model = 0; model < k; model++) {
    const wo = model * P;
    let total = 0;
    let correct = 0;
    for (let row = 0; row < n; row++) {
      total += example(shape, params, wo, data.x, row * I, data.y, row * C, 0, s);
      if (argMax(s.out, 0, C) === labels[row]) correct++;
    }
    loss[model] = f32(f32(n * f32(total / n)) / n);
    accuracy[model] = f32(f32(n * f32(correct / n)) / n);
  }
}

/** The engine's entry points: this module's, or the WebAssembly engine's (`wasm_engine.ts`). */
export interface Engine {
  trainEpoch: typeof trainEpoch;
  evaluateModels: typeof evaluateModels;
  batchGradient: typeof batchGradient;
  /**
   * Models kept inside the engine between epochs (the WebAssembly engine
   * keeps data, weights and accumulators in its memory for a whole fit);
   * where absent, {@linkcode ModelSet} trains through the functions above.
   */
  modelSet?: (shape: MlpShape, train: Split, test: Split, start: Float32Array) => Models;
}

/** This module's engine, which runs where the WebAssembly one (`wasm_engine.ts`) is missing. */
export const jsEngine: Engine = { trainEpoch, evaluateModels, batchGradient };
