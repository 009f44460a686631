/**
 * Training one model the way the tutorial does, with Keras' `model.fit`
 * semantics, but seeded all the way down: the initial weights come from
 * {@linkcode defineModel} and each epoch's order from the project's own
 * numpy-compatible generator, never `Math.random`.
 *
 * @module
 */
import { tf } from "../backend.ts";
import { defineModel, disposeModel, readWeights } from "./model.ts";
import { RandomState } from "../data/_random_state.ts";
import { checkInteger, typeFail } from "../_validate.ts";
import {
  checkDataset,
  checkMemory,
  resolveTrainingOptions,
  type TrainingOptions,
} from "./options.ts";
import type { Dataset, EpochLog, Evaluation, History, LossKind } from "../types.ts";
import { flatParams, weightsAreFinite } from "../_layout.ts";
import { seedMean } from "../stats/curves.ts";

export type { LossKind, TrainingOptions };

/** Options of {@linkcode fitModel}. */
export interface FitModelOptions extends TrainingOptions {
  /** Seed of the initial weights and of every epoch's shuffle; defaults to 0. */
  seed?: number;
  /**
   * Called after each epoch with its record and the model being trained (to
   * read its weights, say; do not dispose it); awaited if it returns a promise.
   */
  onEpochEnd?: (log: EpochLog, model: tf.LayersModel) => void | Promise<void>;
}

/** Options of {@linkcode epochOrders}. */
export interface EpochOrdersOptions {
  /**
   * Seed of the shuffles, as `fitModel`'s `seed`.
   * @default {0}
   */
  seed?: number;
}

/**
 * The orders in which {@linkcode fitModel} visits the training points, one
 * epoch after another, without end: each a permutation of `0 … nTrain − 1`
 * drawn by numpy's legacy `RandomState(seed).permutation(nTrain)`, as
 * `fitModel` (and `fitSeeds`) draw them. A training loop written by hand that
 * takes its batches in these orders trains the run `fitModel` trains.
 * Introduced by notebook 13.
 *
 * @param nTrain Points in the training set, an integer ≥ 1.
 * @param options `seed` (0).
 * @returns An endless generator of orders; take as many epochs as needed.
 * @throws {TypeError|RangeError} On an `nTrain` or `seed` that is not such an integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { epochOrders } from "./fit.ts";
 * // numpy: rng = RandomState(0); rng.permutation(5); rng.permutation(5)
 * const orders = epochOrders(5, { seed: 0 });
 * assert.deepEqual(orders.next().value, [2, 0, 1, 3, 4]); // epoch 1
 * assert.deepEqual(orders.next().value, [0, 2, 1, 4, 3]); // epoch 2
 * ```
 */
export function epochOrders(
  nTrain: number,
  options: EpochOrdersOptions = {},
): Generator<number[], never, void> {
  const context = "Cannot shuffle epochs";
  const n = checkInteger(context, "nTrain", nTrain);
  const rng = new RandomState(checkInteger(context, "seed", options.seed ?? 0, 0));
  return (function* () {
    while (true) yield rng.permutation(n);
  })();
}

/**
 * Trains the tutorial's model on `data` and reports every epoch, as the
 * tutorial's `model.fit(..., validation_data=(testX, testy))` does.
 *
 * Each epoch shuffles the training set in the order {@linkcode epochOrders}
 * gives for `seed`, then
 * takes consecutive batches of `batchSize` (the last one smaller); a batch
 * size above the training set's size is one batch of everything. The epoch's
 * `loss` and `accuracy` are the batch-weighted means over its batches, each
 * measured before that batch's update (as Keras reports them); `valLoss` and
 * `valAccuracy` are measured on the test set after the epoch. A run whose loss
 * is NaN or infinite, or whose weights overflow (the sum of their magnitudes
 * is no longer a finite float32), stops there, and `divergedAt` says at which
 * epoch. (With `loss: "clipped"`, tfjs clips probabilities to [1e-7, 1 − 1e-7]
 * inside the loss, so a run whose weights have overflowed still reports a
 * finite loss of about 16.12 = −ln 1e-7: the weights are what give it away.)
 *
 * The loss is Keras' cross-entropy from the logits unless `loss: "clipped"`
 * asks for tfjs-layers' `categoricalCrossentropy` (see {@linkcode LossKind}).
 *
 * @param data Train and test tensors, as {@linkcode prepareData} makes them.
 * @param options `batchSize` (required), `epochs` (200), `learningRate` (0.01), `momentum` (0.9), `loss` ("logits"), `seed` (0), `onEpochEnd`.
 * @returns The run's history: one record per epoch, then the final model evaluated on each split.
 * @throws {TypeError|RangeError} Before any work, on a bad option or dataset, or on more
 *   `epochs` than the history's records could fit in memory.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { disposeData, fitModel, prepareData } from "../mod.ts";
 * const data = prepareData();
 * const history = await fitModel(data, { batchSize: 500, epochs: 2 });
 * deepEqual(history.epochs.map((e) => e.updates), [1, 2]); // one update per epoch
 * disposeData(data);
 * ```
 */
export async function fitModel(data: Dataset, options: FitModelOptions): Promise<History> {
  const context = "Cannot fit model";
  const { batchSize, epochs, learningRate, momentum, loss } = resolveTrainingOptions(
    context,
    options,
  );
  const seed = checkInteger(context, "seed", options.seed ?? 0, 0);
  const { onEpochEnd } = options;
  if (onEpochEnd !== undefined && typeof onEpochEnd !== "function") {
    typeFail(context, `onEpochEnd must be a function, got ${typeof onEpochEnd}`);
  }
  checkDataset(context, data);
  checkMemory(context, { seeds: 1, epochs, data, fewer: "epochs" });

  const nTrain = data.trainX.shape[0];
  const orders = epochOrders(nTrain, { seed });
  const model = defineModel({
    seed,
    learningRate,
    momentum,
    loss,
    inputs: data.trainX.shape[1],
    classes: data.trainY.shape[1],
  });
  const log: EpochLog[] = [];
  let divergedAt: number | null = null;
  let seconds = 0;
  let updates = 0;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const start = performance.now();
      const order = tf.tensor1d(orders.next().value, "int32");
      const xs = tf.gather(data.trainX, order);
      const ys = tf.gather(data.trainY, order);
      let fitted: tf.History;
      try {
        fitted = await model.fit(xs, ys, {
          batchSize: Math.min(batchSize, nTrain),
          epochs: 1,
          shuffle: false,
          verbose: 0,
        });
      } finally {
        tf.dispose([order, xs, ys]);
      }
      seconds += (performance.now() - start) / 1000;
      updates += Math.ceil(nTrain / batchSize);
      const test = evaluate(model, data.testX, data.testY);
      const record: EpochLog = {
        epoch,
        loss: Number(fitted.history.loss[0]),
        accuracy: Number(fitted.history.acc[0]),
        valLoss: test.loss,
        valAccuracy: test.accuracy,
        seconds,
        updates,
      };
      log.push(record);
      await onEpochEnd?.(record, model);
      if (!Number.isFinite(record.loss) || !modelIsFinite(model)) {
        divergedAt = epoch;
        break;
      }
    }
    return {
      batchSize,
      learningRate,
      momentum,
      loss,
      seed,
      epochs: log,
      divergedAt,
      train: evaluate(model, data.trainX, data.trainY),
      test: evaluate(model, data.testX, data.testY),
      weights: readWeights(model),
    };
  } finally {
    disposeModel(model);
  }
}

/** {@linkcode weightsAreFinite} on a tfjs model: the divergence check `fitSeeds` makes too. */
function modelIsFinite(model: tf.LayersModel): boolean {
  const weights = model.getWeights();
  const shape = {
    inputs: weights[0].shape[0]!,
    hidden: weights[0].shape[1]!,
    classes: weights[3].shape[0]!,
  };
  return weightsAreFinite(shape, flatParams(weights));
}

/**
 * Loss and accuracy of a compiled model on one split, in a single batch.
 *
 * @param model A model compiled with a loss and the accuracy metric.
 * @param x Inputs.
 * @param y One-hot labels.
 * @returns The mean loss and the fraction classified correctly.
 */
export function evaluate(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor2D): Evaluation {
  const scalars = model.evaluate(x, y, { batchSize: x.shape[0] }) as tf.Scalar[];
  try {
    const [loss, accuracy] = scalars.map((s) => s.dataSync()[0]);
    return { loss, accuracy };
  } finally {
    tf.dispose(scalars);
  }
}

/**
 * The tutorial's result line for a run: its final train and test accuracy to
 * three decimals.
 *
 * @param history A run, as {@linkcode fitModel} returns it.
 * @returns A line like `Train: 0.816, Test: 0.830`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { resultLine } from "./fit.ts";
 * const line = resultLine({ train: { accuracy: 0.816 }, test: { accuracy: 0.8304 } });
 * equal(line, "Train: 0.816, Test: 0.830");
 * ```
 */
export function resultLine(
  history: { train: { accuracy: number }; test: { accuracy: number } },
): string {
  return `Train: ${history.train.accuracy.toFixed(3)}, Test: ${history.test.accuracy.toFixed(3)}`;
}

/**
 * The tutorial's result line for runs that differ only by seed: the means
 * over the seeds of the final train and test accuracy.
 *
 * @param histories The runs, e.g. from `fitSeeds`.
 * @returns A line like `Train: 0.813, Test: 0.833`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedResultLine } from "./fit.ts";
 * import type { History } from "../types.ts";
 * const run = (train: number, test: number) =>
 *   ({ epochs: [], train: { loss: 0, accuracy: train }, test: { loss: 0, accuracy: test } }) as unknown as History;
 * assert.equal(seedResultLine([run(0.8, 0.75), run(0.82, 0.85)]), "Train: 0.810, Test: 0.800");
 * ```
 */
export function seedResultLine(histories: readonly History[]): string {
  return resultLine({
    train: { accuracy: seedMean(histories, (h) => h.train.accuracy) },
    test: { accuracy: seedMean(histories, (h) => h.test.accuracy) },
  });
}
