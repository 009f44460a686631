import assert from "node:assert/strict";
import { tf } from "../../lib/backend.ts";
import { makeBlobs } from "../../lib/data/blobs.ts";
import {
  disposeData,
  expectedClassesInBatch,
  labelsOf,
  prepareData,
  type PrepareDataOptions,
} from "../../lib/data/data.ts";

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
    [{ nFeatures: 0 }, RangeError, /nFeatures must be a positive integer, got 0/],
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

Deno.test("prepareData() makes blobs with more features and classes, as makeBlobs does", () => {
  const data = prepareData({ nSamples: 120, nTrain: 80, centers: 6, nFeatures: 5, randomState: 7 });
  try {
    assert.deepEqual(data.trainX.shape, [80, 5]);
    assert.deepEqual(data.testY.shape, [40, 6]);
    const blobs = makeBlobs({
      nSamples: 120,
      centers: 6,
      nFeatures: 5,
      clusterStd: 2,
      randomState: 7,
    });
    assert.deepEqual(labelsOf(data.testY), blobs.y.slice(80));
    const trainX = data.trainX.arraySync();
    assert.ok(
      blobs.x.slice(0, 80).every((p, i) => p.every((v, j) => Math.abs(v - trainX[i][j]) < 1e-5)),
    );
  } finally {
    disposeData(data);
  }
});

Deno.test("expectedClassesInBatch() counts the classes a batch covers on average", () => {
  // Two classes of two points, a batch of two: both classes unless both points share one (2 of 6 pairs).
  assert.ok(Math.abs(expectedClassesInBatch([2, 2], 2) - (2 - 2 * (1 / 6))) < 1e-12);
  assert.equal(expectedClassesInBatch([5, 5, 5], 1), 1);
  assert.equal(expectedClassesInBatch([5, 5, 5], 15), 3);
  assert.equal(expectedClassesInBatch([3, 0], 2), 1); // an empty class is never covered
  // Against a brute-force simulation of shuffled batches: 150 classes of 20 points, batch 32.
  const counts = new Array(150).fill(20);
  const exact = expectedClassesInBatch(counts, 32);
  const labels = counts.flatMap((n, k) => new Array(n).fill(k));
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  let sum = 0;
  const trials = 4000;
  for (let t = 0; t < trials; t++) {
    const pool = [...labels];
    const seen = new Set<number>();
    for (let i = 0; i < 32; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
      seen.add(pool[i]);
    }
    sum += seen.size;
  }
  assert.ok(Math.abs(sum / trials - exact) < 0.1, `${sum / trials} vs ${exact}`);
  assert.ok(exact > 28 && exact < 32);
});

Deno.test("expectedClassesInBatch() rejects bad counts and batch sizes", () => {
  assert.throws(() => expectedClassesInBatch([], 1), RangeError);
  assert.throws(
    () => expectedClassesInBatch([2, 1.5], 1),
    /counts\[1\] must be an integer ≥ 0, got 1.5/,
  );
  assert.throws(
    () => expectedClassesInBatch([2, 2], 5),
    /batchSize must be at most the 4 points, got 5/,
  );
  assert.throws(
    () => expectedClassesInBatch([2, 2], 0),
    /batchSize must be a positive integer, got 0/,
  );
});
