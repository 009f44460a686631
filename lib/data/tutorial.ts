/**
 * The tutorial's experiments as data: the four configurations it trains one
 * after another (batch, stochastic and minibatch gradient descent), the grid
 * of batch sizes it ends with, and the `Train: …, Test: …` figures its single
 * Keras runs printed. Defined once here; notebooks 2 to 5 (and the start
 * page's results table) read them from here instead of typing them again.
 *
 * The tutorial is Jason Brownlee's "How to Control the Stability of Training
 * Neural Networks With the Batch Size" (2019).
 *
 * @module
 */
import { checkInteger, checkPositive } from "../_validate.ts";

/** Final accuracies printed by one run: the tutorial's `Train: 0.816, Test: 0.830` line. */
export interface ReportedAccuracy {
  /** Final accuracy on the training half. */
  train: number;
  /** Final accuracy on the test half. */
  test: number;
}

/** One of the tutorial's four experiments. */
export interface TutorialConfiguration {
  /** What the experiment is, like `"SGD: batch=1, lr=0.01"`. */
  label: string;
  /** Examples per update. */
  batchSize: number;
  /** Step size of SGD (momentum 0.9 in all four). */
  learningRate: number;
  /** The accuracies the tutorial's single Keras run printed. */
  reported: ReportedAccuracy;
  /** The notebook of this project that repeats the experiment. */
  notebook: number;
}

/** The tutorial's experiments, as {@linkcode tutorial} holds them. */
export interface Tutorial {
  /** Training epochs of every run: 200. */
  readonly epochs: number;
  /** Momentum of SGD in every run: 0.9. */
  readonly momentum: number;
  /** Batch gradient descent: the whole training set (500) per update, lr 0.01. */
  readonly batchGD: Readonly<TutorialConfiguration>;
  /** Stochastic gradient descent: batch 1, lr 0.01. */
  readonly sgd: Readonly<TutorialConfiguration>;
  /** Stochastic gradient descent with a learning rate ten times smaller: batch 1, lr 0.001. */
  readonly sgdSmallLr: Readonly<TutorialConfiguration>;
  /** Minibatch gradient descent: batch 32, lr 0.01. */
  readonly minibatch: Readonly<TutorialConfiguration>;
  /** The four configurations above, in the tutorial's order. */
  readonly configurations: readonly Readonly<TutorialConfiguration>[];
  /** The batch sizes of the tutorial's last experiment, its grid of learning curves. */
  readonly gridBatchSizes: readonly number[];
  /** The learning rate of every run of the grid: 0.01. */
  readonly gridLearningRate: number;
}

/**
 * One of the tutorial's configurations, frozen, labelled by its kind, batch
 * size and learning rate, like `"SGD: batch=1, lr=0.01"`.
 */
function configuration(
  kind: string,
  batchSize: number,
  learningRate: number,
  reported: ReportedAccuracy,
  notebook: number,
): Readonly<TutorialConfiguration> {
  return Object.freeze({
    label: `${kind}: batch=${batchSize}, lr=${learningRate}`,
    batchSize,
    learningRate,
    reported: Object.freeze({ ...reported }),
    notebook,
  });
}

const batchGD = configuration("batch GD", 500, 0.01, { train: 0.816, test: 0.830 }, 2);
const sgd = configuration("SGD", 1, 0.01, { train: 0.612, test: 0.606 }, 3);
const sgdSmallLr = configuration("SGD", 1, 0.001, { train: 0.816, test: 0.824 }, 3);
const minibatch = configuration("minibatch", 32, 0.01, { train: 0.832, test: 0.812 }, 4);

/**
 * The tutorial's experiments: its four configurations with the figures its
 * Keras runs printed, and its grid of batch sizes. Every run trains the
 * 2-50-3 network for 200 epochs with SGD and momentum 0.9 on the blobs of
 * notebook 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tutorial } from "./tutorial.ts";
 * assert.equal(tutorial.sgd.batchSize, 1);
 * assert.deepEqual(tutorial.sgd.reported, { train: 0.612, test: 0.606 });
 * assert.deepEqual(tutorial.configurations.map((c) => c.batchSize), [500, 1, 1, 32]);
 * assert.deepEqual(tutorial.gridBatchSizes, [4, 8, 16, 32, 64, 128, 256, 450]);
 * ```
 */
export const tutorial: Tutorial = Object.freeze({
  epochs: 200,
  momentum: 0.9,
  batchGD,
  sgd,
  sgdSmallLr,
  minibatch,
  configurations: Object.freeze([batchGD, sgd, sgdSmallLr, minibatch]),
  gridBatchSizes: Object.freeze([4, 8, 16, 32, 64, 128, 256, 450]),
  gridLearningRate: 0.01,
});

/**
 * The figures the tutorial printed for a batch size and learning rate, if it
 * printed any: only its four configurations have them (the runs of its grid
 * are drawn, not printed).
 *
 * @param batchSize Examples per update, a positive integer.
 * @param learningRate Step size; defaults to 0.01.
 * @returns The reported train and test accuracy, or `undefined`.
 * @throws {TypeError|RangeError} On a batch size or learning rate that is not one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tutorialReported } from "./tutorial.ts";
 * assert.deepEqual(tutorialReported(32), { train: 0.832, test: 0.812 });
 * assert.deepEqual(tutorialReported(1, 0.001), { train: 0.816, test: 0.824 });
 * assert.equal(tutorialReported(64), undefined);
 * ```
 */
export function tutorialReported(
  batchSize: number,
  learningRate = 0.01,
): ReportedAccuracy | undefined {
  const context = "Cannot look up the tutorial's figures";
  checkInteger(context, "batchSize", batchSize);
  checkPositive(context, "learningRate", learningRate);
  const found = tutorial.configurations.find((c) =>
    c.batchSize === batchSize && c.learningRate === learningRate
  );
  return found === undefined ? undefined : { ...found.reported };
}
