import assert from "node:assert/strict";
import { tf } from "../lib/backend.ts";
import { makeBlobs } from "../lib/blobs.ts";
import { disposeData, labelsOf, prepareData, type PrepareDataOptions } from "../lib/data.ts";

Deno.test("prepareData() splits the tutorial's blobs into 500 train and 500 test points", () => {
  const data = prepareData();
  try {
    assert.deepEqual(data.trainX.shape, [500, 2]);
    assert.deepEqual(data.trainY.shape, [500, 3]);
    assert.deepEqual(data.testX.shape, [500, 2]);
    assert.deepEqual(data.testY.shape, [500, 3]);
    const blobs = makeBlobs({ nSamples: 1000, centers: 3, clusterStd: 2, randomState: 2 });
    assert.deepEqual(labelsOf(data.trainY), blobs.y.slice(0, 500));
    assert.deepEqual(labelsOf(data.testY), blobs.y.slice(500));
    const testX = data.testX.arraySync();
    blobs.x.slice(500).forEach((point, i) => {
      assert.ok(Math.abs(point[0] - testX[i][0]) < 1e-5 && Math.abs(point[1] - testX[i][1]) < 1e-5);
    });
    // One-hot: every row sums to one.
    assert.deepEqual(Array.from(data.trainY.sum(1).dataSync()), new Array(500).fill(1));
  } finally {
    disposeData(data);
  }
});

Deno.test("prepareData() takes another size and split", () => {
  const data = prepareData({ nSamples: 90, nTrain: 60, centers: 4 });
  try {
    assert.deepEqual(data.trainX.shape, [60, 2]);
    assert.deepEqual(data.testY.shape, [30, 4]);
  } finally {
    disposeData(data);
  }
});

Deno.test("prepareData() rejects bad options without making tensors", () => {
  const before = tf.memory().numTensors;
  const cases: [PrepareDataOptions | Record<string, unknown>, ErrorConstructor, RegExp][] = [
    [{ nSamples: 1 }, RangeError, /nSamples must be an integer ≥ 2, got 1/],
    [{ nTrain: 1000 }, RangeError, /nTrain must be below nSamples \(1000\) .* got 1000/],
    [{ nTrain: 0 }, RangeError, /nTrain must be a positive integer, got 0/],
    [{ centers: 1 }, RangeError, /centers must be an integer ≥ 2, got 1/],
    [{ clusterStd: -2 }, RangeError, /clusterStd .* got -2/],
    [{ randomState: "2" }, TypeError, /randomState must be a number, got "2"/],
  ];
  for (const [options, type, message] of cases) {
    assert.throws(
      () => prepareData(options as PrepareDataOptions),
      (e: Error) => e instanceof type && message.test(e.message),
      JSON.stringify(options),
    );
  }
  assert.equal(tf.memory().numTensors, before);
});
