/**
 * The tutorial's model: a multilayer perceptron with one hidden layer of 50
 * ReLU units (He-uniform initialisation) and three outputs whose softmax gives
 * the class probabilities, trained by SGD with momentum on categorical
 * cross-entropy.
 *
 * Keras on TensorFlow, which the tutorial uses, computes that cross-entropy
 * from the logits under its `Dense(3, activation='softmax')` layer; the tfjs
 * model that looks the same, a softmax layer compiled with
 * `loss: "categoricalCrossentropy"`, trains on probabilities clipped to
 * [1e-7, 1 − 1e-7] instead. {@linkcode defineModel} builds either (its
 * `loss` option, see {@linkcode LossKind}).
 *
 * @module
 */
import { tf } from "../backend.ts";
import { checkInteger, checkPositive } from "../_validate.ts";
import { checkLoss, checkMomentum } from "./options.ts";
import type { DenseWeights, LossKind } from "../types.ts";

/** Options of {@linkcode defineModel}; the defaults are the tutorial's. */
export interface DefineModelOptions {
  /** Seed of the initial weights; defaults to 0. The output layer's kernel uses `seed + 1`. */
  seed?: number;
  /** Step size of SGD; defaults to 0.01. */
  learningRate?: number;
  /** Momentum of SGD, in [0, 1); defaults to 0.9. */
  momentum?: number;
  /** Input features; defaults to 2. */
  inputs?: number;
  /** Hidden ReLU units; defaults to 50. */
  hiddenUnits?: number;
  /** Output classes; defaults to 3. */
  classes?: number;
  /**
   * The cross-entropy the model is compiled with; defaults to `"logits"`,
   * Keras': a linear output layer (the model's outputs are logits; their
   * softmax is the class probabilities) and `tf.losses.softmaxCrossEntropy`.
   * `"clipped"` is the literal tfjs translation of the tutorial: a softmax
   * output layer and `loss: "categoricalCrossentropy"`.
   */
  loss?: LossKind;
}

/** The loss `defineModel` compiles a `"logits"` model with: Keras' cross-entropy from logits. */
function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.losses.softmaxCrossEntropy(labels, logits);
}

/**
 * Builds and compiles the tutorial's model, with seeded initial weights: the
 * same options always give the same starting point.
 *
 * The optimizer belongs to the caller: free it with {@linkcode disposeModel}.
 * Both kinds of model start from the same weights for the same seed.
 *
 * @param options Seed, optimizer settings, layer sizes and loss.
 * @returns A compiled `tf.Sequential`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { defineModel, disposeModel } from "./model.ts";
 * const model = defineModel({ seed: 1 });
 * equal(model.countParams(), 303); // 2·50 + 50 + 50·3 + 3
 * disposeModel(model);
 * ```
 */
export function defineModel(options: DefineModelOptions = {}): tf.Sequential {
  const context = "Cannot define model";
  const seed = checkInteger(context, "seed", options.seed ?? 0, 0);
  const learningRate = checkPositive(context, "learningRate", options.learningRate ?? 0.01);
  const momentum = checkMomentum(context, options.momentum ?? 0.9);
  const inputs = checkInteger(context, "inputs", options.inputs ?? 2);
  const hiddenUnits = checkInteger(context, "hiddenUnits", options.hiddenUnits ?? 50);
  const classes = checkInteger(context, "classes", options.classes ?? 3, 2);
  const loss = checkLoss(context, options.loss ?? "logits");

  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [inputs],
        units: hiddenUnits,
        activation: "relu",
        kernelInitializer: tf.initializers.heUniform({ seed }),
      }),
      tf.layers.dense({
        units: classes,
        activation: loss === "logits" ? "linear" : "softmax",
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
  model.compile({
    optimizer: tf.train.momentum(learningRate, momentum),
    loss: loss === "logits" ? softmaxCrossEntropy : "categoricalCrossentropy",
    metrics: ["accuracy"],
  });
  return model;
}

/** Frees a model from {@linkcode defineModel}: its weights and its optimizer's state. */
export function disposeModel(model: tf.LayersModel): void {
  const optimizer = model.optimizer;
  model.dispose();
  if (!optimizer) return;
  optimizer.dispose();
  // tfjs 4.22's MomentumOptimizer.dispose() forgets the learning-rate scalar
  // its parent SGDOptimizer keeps; the parent's dispose() frees exactly that.
  if (optimizer instanceof tf.MomentumOptimizer) tf.SGDOptimizer.prototype.dispose.call(optimizer);
}

/** A model's weights as plain numbers, one entry per dense layer. */
export function readWeights(model: tf.LayersModel): DenseWeights[] {
  const weights = model.getWeights();
  const layers: DenseWeights[] = [];
  for (let i = 0; i < weights.length; i += 2) {
    layers.push({
      kernel: weights[i].arraySync() as number[][],
      bias: weights[i + 1].arraySync() as number[],
    });
  }
  return layers;
}
