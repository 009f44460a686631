/**
 * The data: the tutorial's blobs, its train/test split as tensors, and the
 * runs of the tutorial's own Keras code that the notebooks compare against.
 *
 * Which file does what:
 * - `blobs.ts`: {@linkcode makeBlobs} is scikit-learn's `make_blobs`, exact
 *   to the last digit for an integer `randomState`; {@linkcode blobCenters}
 *   the centres it draws around.
 * - `data.ts`: {@linkcode prepareData}, the tutorial's `prepare_data()` (blobs,
 *   one-hot labels, a training half and a test half as tensors), and
 *   {@linkcode disposeData}.
 * - `keras.ts`: {@linkcode kerasReference} reads the Keras runs committed in
 *   `data/keras/` as histories.
 * - `_random_state.ts` (private): numpy's legacy `RandomState` (MT19937), which
 *   the blobs and every epoch's shuffle are drawn from.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeBlobs } from "./mod.ts";
 * const { x, y } = makeBlobs({ nSamples: 1000, centers: 3, nFeatures: 2, clusterStd: 2, randomState: 2 });
 * assert.equal(x.length, 1000);
 * assert.deepEqual([...new Set(y)].sort(), [0, 1, 2]); // three blobs
 * ```
 *
 * @module
 */
export * from "./blobs.ts";
export * from "./data.ts";
export * from "./keras.ts";
export * from "./tutorial.ts";
