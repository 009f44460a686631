/**
 * The MLP's parameters as one flat `Float32Array`, in the order tfjs'
 * `getWeights()` lists them: hidden kernel `[inputs][hidden]` (row-major),
 * hidden bias `[hidden]`, output kernel `[hidden][classes]`, output bias
 * `[classes]`. For the tutorial's 2-50-3 network that is 100 + 50 + 150 + 3 =
 * 303 numbers; many models sit back to back, `paramCount(shape)` apart.
 *
 * The engine (`training/_engine/`), `fitSeeds`, `fitModel` and the per-example
 * gradients of `analysis/mlp.ts` all read and write parameters through this module.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { DenseWeights } from "./types.ts";

/** Layer sizes of the MLP. */
export interface MlpShape {
  /** Input features. */
  inputs: number;
  /** Hidden ReLU units. */
  hidden: number;
  /** Output classes. */
  classes: number;
}

/** Where each weight tensor of one model starts in its flat parameters, and their total. */
export interface Layout {
  /** Hidden kernel, `inputs × hidden` floats from 0. */
  w1: 0;
  /** Hidden bias, `hidden` floats. */
  b1: number;
  /** Output kernel, `hidden × classes` floats. */
  w2: number;
  /** Output bias, `classes` floats. */
  b2: number;
  /** Parameters of one model. */
  size: number;
}

/** The offsets of one model's weight tensors. */
export function layoutOf({ inputs, hidden, classes }: MlpShape): Layout {
  const b1 = inputs * hidden;
  const w2 = b1 + hidden;
  const b2 = w2 + hidden * classes;
  return { w1: 0, b1, w2, b2, size: b2 + classes };
}

/** Number of parameters of one model. */
export function paramCount(shape: MlpShape): number {
  return layoutOf(shape).size;
}

/** One model's flat parameters as {@linkcode DenseWeights}, input side first. */
export function denseWeights(params: Float32Array, shape: MlpShape): DenseWeights[] {
  const { inputs, hidden, classes } = shape;
  const { b1, w2, b2, size } = layoutOf(shape);
  const rows = (offset: number, n: number, m: number) =>
    Array.from(
      { length: n },
      (_, r) => Array.from(params.subarray(offset + r * m, offset + (r + 1) * m)),
    );
  return [
    { kernel: rows(0, inputs, hidden), bias: Array.from(params.subarray(b1, w2)) },
    { kernel: rows(w2, hidden, classes), bias: Array.from(params.subarray(b2, size)) },
  ];
}

/** A tfjs model's weights (`getWeights()` order) as one flat float32 array. */
export function flatParams(weights: readonly tf.Tensor[]): Float32Array {
  const params = new Float32Array(weights.reduce((n, w) => n + w.size, 0));
  let offset = 0;
  for (const w of weights) {
    params.set(w.dataSync() as Float32Array, offset);
    offset += w.size;
  }
  return params;
}

/**
 * Whether model `model`'s parameters pass `fitModel`'s divergence check: the
 * float32 sum of `|w|` over each weight tensor, those sums added in float32,
 * is finite. (So weights that are all finite but huge, around 1e36, overflow
 * the sum and count as diverged, as tfjs' `abs().sum()` makes them.)
 */
export function weightsAreFinite(shape: MlpShape, params: Float32Array, model = 0): boolean {
  const { inputs: I, hidden: H, classes: C } = shape;
  const f32 = Math.fround;
  let i = model * paramCount(shape);
  let total = 0;
  for (const size of [I * H, H, H * C, C]) {
    let sum = 0;
    for (const end = i + size; i < end; i++) sum = f32(sum + Math.abs(params[i]));
    total = f32(total + sum);
  }
  return Number.isFinite(total);
}
