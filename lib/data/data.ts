/**
 * The tutorial's `prepare_data()`: blobs, one-hot labels, and a split into a
 * training half and a test half, as tensors.
 *
 * @module
 */
import { tf } from "../backend.ts";
import { makeBlobs } from "./blobs.ts";
import { checkInteger, checkNumbers, checkPositive, rangeFail } from "../_validate.ts";
import type { Dataset } from "../types.ts";

export type { Dataset };

/** Options of {@linkcode prepareData}; the defaults are the tutorial's. */
export interface PrepareDataOptions {
  /** Points in all; defaults to 1000. */
  nSamples?: number;
  /** Points in the training split, taken first; the rest are the test split. Defaults to half of `nSamples`. */
  nTrain?: number;
  /** Number of classes (blob centres); defaults to 3. */
  centers?: number;
  /** Standard deviation of every blob; defaults to 2. */
  clusterStd?: number;
  /**
   * Coordinates of each point (inputs of the model); notebook 11 uses more
   * than two to keep many classes apart.
   *
   * @default {2}
   */
  nFeatures?: number;
  /** Seed of the blobs, as scikit-learn's `random_state`; defaults to 2. */
  randomState?: number;
}

/**
 * Makes the tutorial's dataset: `make_blobs(n_samples=1000, centers=3,
 * n_features=2, cluster_std=2, random_state=2)`, labels one-hot, the first 500
 * points for training and the last 500 for testing. Dispose the result with
 * {@linkcode disposeData} when done.
 *
 * @param options Size, split and blobs; the defaults are the tutorial's.
 * @returns The four tensors of the split.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { disposeData, prepareData } from "./data.ts";
 * const data = prepareData();
 * assert.deepEqual(data.trainX.shape, [500, 2]);
 * assert.deepEqual(data.testY.shape, [500, 3]);
 * disposeData(data);
 * ```
 */
export function prepareData(options: PrepareDataOptions = {}): Dataset {
  const context = "Cannot prepare data";
  const nSamples = checkInteger(context, "nSamples", options.nSamples ?? 1000, 2);
  const nTrain = checkInteger(context, "nTrain", options.nTrain ?? Math.floor(nSamples / 2));
  if (nTrain >= nSamples) {
    rangeFail(
      context,
      `nTrain must be below nSamples (${nSamples}) to leave a test split, got ${nTrain}`,
    );
  }
  const centers = checkInteger(context, "centers", options.centers ?? 3, 2);
  const clusterStd = checkPositive(context, "clusterStd", options.clusterStd ?? 2);
  const randomState = checkInteger(context, "randomState", options.randomState ?? 2, 0);
  const nFeatures = checkInteger(context, "nFeatures", options.nFeatures ?? 2);

  const { x, y } = makeBlobs({ nSamples, centers, nFeatures, clusterStd, randomState });
  const oneHot = y.map((label) => Array.from({ length: centers }, (_, k) => (k === label ? 1 : 0)));
  return {
    trainX: tf.tensor2d(x.slice(0, nTrain)),
    trainY: tf.tensor2d(oneHot.slice(0, nTrain)),
    testX: tf.tensor2d(x.slice(nTrain)),
    testY: tf.tensor2d(oneHot.slice(nTrain)),
  };
}

/** Frees the tensors of a dataset made by {@linkcode prepareData}. */
export function disposeData(data: Dataset): void {
  tf.dispose([data.trainX, data.trainY, data.testX, data.testY]);
}

/** The class of each row of a one-hot label tensor, as plain numbers. */
export function labelsOf(oneHot: tf.Tensor2D): number[] {
  return tf.tidy(() => Array.from(tf.argMax(oneHot, 1).dataSync()));
}

/**
 * The expected number of distinct classes among the points of one batch,
 * when a batch of `batchSize` points is drawn without replacement from a
 * training set with `counts[k]` points of class `k` (as a shuffled epoch's
 * batches are): the sum over classes of the chance that the batch holds at
 * least one point of that class, `1 − C(N − n_k, B) / C(N, B)`. Introduced by
 * notebook 11.
 *
 * @param counts Points of each class in the training set, each an integer ≥ 0.
 * @param batchSize Points in the batch, an integer in [1, N].
 * @returns The expected count of classes the batch covers.
 * @throws {TypeError|RangeError} On counts that are not integers ≥ 0, or a batch size outside [1, N].
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expectedClassesInBatch } from "./data.ts";
 * assert.equal(expectedClassesInBatch([2, 2], 1), 1);
 * assert.ok(Math.abs(expectedClassesInBatch([2, 2], 2) - 5 / 3) < 1e-12); // 1 + 1 − 2 · C(2,2)/C(4,2)
 * assert.equal(expectedClassesInBatch([2, 2], 3), 2);
 * ```
 */
export function expectedClassesInBatch(counts: readonly number[], batchSize: number): number {
  const context = "Cannot count classes in a batch";
  const ns = checkNumbers(context, "counts", counts);
  ns.forEach((n, k) => checkInteger(context, `counts[${k}]`, n, 0));
  const total = ns.reduce((a, b) => a + b, 0);
  const b = checkInteger(context, "batchSize", batchSize);
  if (b > total) {
    rangeFail(context, `batchSize must be at most the ${total} points, got ${b}`);
  }
  // C(N − n, B) / C(N, B) = ∏_{i=0}^{B−1} (N − n − i) / (N − i), as a sum of logs.
  let expected = 0;
  for (const n of ns) {
    if (total - n < b) {
      expected += 1;
      continue;
    }
    let logMiss = 0;
    for (let i = 0; i < b; i++) logMiss += Math.log((total - n - i) / (total - i));
    expected += 1 - Math.exp(logMiss);
  }
  return expected;
}
