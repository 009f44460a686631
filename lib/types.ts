/**
 * Shared record types: a training curve is data first (an array of epoch
 * records), a picture second.
 *
 * @module
 */
import type { Tensor2D } from "@tensorflow/tfjs";

/**
 * Which categorical cross-entropy a model trains on.
 *
 * - `"logits"` (the default everywhere): the loss computed from the output
 *   layer's logits, `-Σ y·log softmax(z)`, whose gradient with respect to the
 *   logits is `p − y` for every point, however wrong. This is what Keras on
 *   TensorFlow trains for the tutorial's `Dense(3, activation='softmax')`
 *   with `loss='categorical_crossentropy'`: it recognises the softmax and
 *   uses its logits. In tfjs: a linear output layer and
 *   `tf.losses.softmaxCrossEntropy`.
 * - `"clipped"`: tfjs-layers' `categoricalCrossentropy`, what
 *   `compile({ loss: "categoricalCrossentropy" })` trains on a softmax output:
 *   the probabilities clipped to [1e-7, 1 − 1e-7] before the log, so a point
 *   whose true class has probability below 1e-7 contributes no gradient.
 */
export type LossKind = "logits" | "clipped";

/** The four tensors of a train/test split, as `prepareData` returns them. */
export interface Dataset {
  /** Training inputs, shape `[nTrain, features]`. */
  trainX: Tensor2D;
  /** Training labels, one-hot, shape `[nTrain, classes]`. */
  trainY: Tensor2D;
  /** Test inputs, shape `[nTest, features]`. */
  testX: Tensor2D;
  /** Test labels, one-hot, shape `[nTest, classes]`. */
  testY: Tensor2D;
}

/** One epoch of training, as Keras and tfjs report it. */
export interface EpochLog {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size). */
  loss: number;
  /** Mean training accuracy over the epoch's batches (weighted by batch size). */
  accuracy: number;
  /** Loss on the validation (test) set at the end of the epoch. */
  valLoss: number;
  /** Accuracy on the validation (test) set at the end of the epoch. */
  valAccuracy: number;
  /** Cumulative training time in seconds since the fit began. */
  seconds: number;
  /** Cumulative number of weight updates (batches) since the fit began. */
  updates: number;
}

/** Loss and accuracy of a model on one split. */
export interface Evaluation {
  loss: number;
  accuracy: number;
}

/** One dense layer's weights as plain numbers: `kernel[input][unit]` and `bias[unit]`. */
export interface DenseWeights {
  kernel: number[][];
  bias: number[];
}

/** Everything one training run produced. */
export interface History {
  batchSize: number;
  learningRate: number;
  momentum: number;
  /** The cross-entropy trained. */
  loss: LossKind;
  seed: number;
  /** One record per epoch trained; shorter than asked for when the run diverged. */
  epochs: EpochLog[];
  /** The epoch (1-based) after which the loss was first not finite or the weights overflowed, or `null` if the run never diverged. */
  divergedAt: number | null;
  /** The final model evaluated on the training set. */
  train: Evaluation;
  /** The final model evaluated on the test set. */
  test: Evaluation;
  /** The final weights, one entry per dense layer, input side first. */
  weights: DenseWeights[];
}
