import assert from "node:assert/strict";
import { blobCenters, type Blobs, makeBlobs, type MakeBlobsOptions } from "../../lib/data/blobs.ts";
import { RandomState } from "../../lib/data/_random_state.ts";

interface Reference {
  call: string;
  options: MakeBlobsOptions;
  x: number[][];
  y: number[];
}

function load<T>(name: string): T {
  return JSON.parse(Deno.readTextFileSync(new URL(`../../data/${name}`, import.meta.url)));
}

/** Asserts same labels in the same order and every coordinate within 1e-12; returns the largest difference. */
function assertMatches(got: Blobs, expected: Reference): number {
  assert.deepEqual(got.y, expected.y, expected.call);
  assert.equal(got.x.length, expected.x.length, expected.call);
  let max = 0;
  got.x.forEach((row, i) => {
    assert.equal(row.length, expected.x[i].length, `${expected.call}: row ${i}`);
    row.forEach((v, j) => (max = Math.max(max, Math.abs(v - expected.x[i][j]))));
  });
  assert.ok(max <= 1e-12, `${expected.call}: max coordinate difference ${max}`);
  return max;
}

/** Asserts that `makeBlobs(options)` throws `type` with the option's name and the value in the message. */
function assertRejects(
  options: unknown,
  type: typeof RangeError | typeof TypeError,
  ...fragments: string[]
): void {
  assert.throws(() => makeBlobs(options as MakeBlobsOptions), (error: unknown) => {
    assert.ok(error instanceof type, `${JSON.stringify(options)}: ${error}`);
    assert.ok(error.message.startsWith("Cannot make blobs: "), error.message);
    for (const fragment of fragments) {
      assert.ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
    }
    return true;
  });
}

Deno.test("makeBlobs() reproduces scikit-learn's make_blobs for the tutorial's dataset", () => {
  const expected = load<Reference>("blobs_tutorial.json");
  assert.deepEqual(expected.options, {
    nSamples: 1000,
    centers: 3,
    nFeatures: 2,
    clusterStd: 2,
    randomState: 2,
  });
  assertMatches(makeBlobs(expected.options), expected);
});

Deno.test("makeBlobs() reproduces make_blobs with a remainder, per-centre stds, 3 features and a box", () => {
  const expected = load<Reference>("blobs_varied.json");
  const blobs = makeBlobs(expected.options);
  assertMatches(blobs, expected);
  // 257 = 4 * 64 + 1: the first centre gets the extra point.
  const counts = [0, 1, 2, 3].map((c) => blobs.y.filter((label) => label === c).length);
  assert.deepEqual(counts, [65, 64, 64, 64]);
});

Deno.test("makeBlobs() reproduces make_blobs' defaults, counts, explicit centres and no shuffle", () => {
  const { cases } = load<{ cases: Reference[] }>("blobs_more.json");
  assert.equal(cases.length, 5);
  for (const expected of cases) assertMatches(makeBlobs(expected.options), expected);
});

Deno.test("makeBlobs() defaults to 100 points, 2 features, 3 centres and seed 0", () => {
  const blobs = makeBlobs();
  assert.equal(blobs.x.length, 100);
  assert.ok(blobs.x.every((row) => row.length === 2));
  const counts = [0, 1, 2].map((c) => blobs.y.filter((label) => label === c).length);
  assert.deepEqual(counts, [34, 33, 33]);
  assert.deepEqual(blobs, makeBlobs({}));
  assert.deepEqual(
    blobs,
    makeBlobs({
      nSamples: 100,
      nFeatures: 2,
      centers: 3,
      clusterStd: 1,
      centerBox: [-10, 10],
      shuffle: true,
      randomState: 0,
    }),
  );
});

Deno.test("makeBlobs() is deterministic and depends on randomState", () => {
  const options = { nSamples: 300, centers: 5, nFeatures: 3, randomState: 42 };
  assert.deepEqual(makeBlobs(options), makeBlobs(options));
  assert.notDeepEqual(makeBlobs(options).x, makeBlobs({ ...options, randomState: 43 }).x);
});

Deno.test("makeBlobs() without shuffle lists the blobs in order, and shuffle permutes the same points", () => {
  const ordered = makeBlobs({ nSamples: 10, centers: 3, shuffle: false, randomState: 1 });
  assert.deepEqual(ordered.y, [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
  const shuffled = makeBlobs({ nSamples: 10, centers: 3, randomState: 1 });
  const key = (b: Blobs) => b.x.map((row, i) => `${b.y[i]}:${row}`).sort();
  assert.deepEqual(key(shuffled), key(ordered));
});

Deno.test("makeBlobs() rejects bad nSamples and nFeatures", () => {
  assertRejects({ nSamples: 0 }, RangeError, "nSamples must be a positive integer, got 0");
  assertRejects({ nSamples: 2.5 }, RangeError, "nSamples", "2.5");
  assertRejects({ nSamples: -3 }, RangeError, "nSamples", "-3");
  assertRejects({ nSamples: NaN }, RangeError, "nSamples", "NaN");
  assertRejects({ nSamples: "10" }, TypeError, "nSamples", '"10"');
  assertRejects({ nSamples: [] }, RangeError, "nSamples");
  assertRejects({ nSamples: [3, -1] }, RangeError, "nSamples[1]", "-1");
  assertRejects({ nSamples: [0, 0] }, RangeError, "nSamples", "0,0");
  assertRejects({ nFeatures: 0 }, RangeError, "nFeatures must be a positive integer, got 0");
  assertRejects({ nFeatures: 1.5 }, RangeError, "nFeatures", "1.5");
  assertRejects({ nFeatures: null }, TypeError, "nFeatures", "null");
});

Deno.test("makeBlobs() refuses more points than the JavaScript heap has room for, naming nSamples", () => {
  for (const options of [{ nSamples: 1e12 }, { nSamples: [1, 2 ** 40], centers: [[0], [1]] }]) {
    assert.throws(() => makeBlobs(options), (error: unknown) => {
      assert.ok(error instanceof RangeError, `${error} is a RangeError`);
      assert.match(
        error.message,
        /^Cannot make blobs: nSamples of \d+ points with [12] features? would need about [\d,.]+ GiB of memory, more than the [\d,.]+ [GM]iB left in the JavaScript heap; make fewer points$/,
      );
      assert.ok(error.message.includes(String(options.nSamples === 1e12 ? 1e12 : 1 + 2 ** 40)));
      return true;
    });
  }
});

Deno.test("makeBlobs() rejects bad centers", () => {
  assertRejects({ centers: 0 }, RangeError, "centers must be a positive integer, got 0");
  assertRejects({ centers: 2.5 }, RangeError, "centers", "2.5");
  assertRejects({ centers: "3" }, TypeError, "centers", '"3"');
  assertRejects({ centers: [] }, RangeError, "centers");
  assertRejects({ centers: [[1, 2], [3]] }, RangeError, "centers[1]", "1");
  assertRejects({ centers: [[1, 2], 3] }, TypeError, "centers[1]", "3");
  assertRejects({ centers: [[1, 2], [3, NaN]] }, TypeError, "centers[1][1]", "NaN");
  assertRejects({ centers: [[]] }, RangeError, "centers[0]");
  assertRejects({ centers: [[1, 2, 3]], nFeatures: 2 }, RangeError, "centers[0]", "nFeatures", "3");
  assertRejects({ nSamples: [2, 3], centers: 2 }, TypeError, "centers", "2");
  assertRejects({ nSamples: [2, 3], centers: [[0, 0]] }, RangeError, "centers", "1");
});

Deno.test("makeBlobs() rejects bad clusterStd", () => {
  assertRejects({ clusterStd: -1 }, RangeError, "clusterStd", "-1");
  assertRejects({ clusterStd: Infinity }, RangeError, "clusterStd", "Infinity");
  assertRejects({ clusterStd: NaN }, RangeError, "clusterStd", "NaN");
  assertRejects({ clusterStd: "2" }, TypeError, "clusterStd", '"2"');
  assertRejects({ clusterStd: [1, 2] }, RangeError, "clusterStd", "(3)", "2");
  assertRejects({ clusterStd: [1, -2, 1] }, RangeError, "clusterStd[1]", "-2");
  assert.doesNotThrow(() => makeBlobs({ clusterStd: 0 }));
});

Deno.test("makeBlobs() rejects bad centerBox, shuffle, randomState and options", () => {
  assertRejects({ centerBox: [10, -10] }, RangeError, "centerBox", "10, -10");
  assertRejects({ centerBox: [1, 1] }, RangeError, "centerBox", "1, 1");
  assertRejects({ centerBox: [0, Infinity] }, RangeError, "centerBox", "Infinity");
  assertRejects({ centerBox: [0] }, TypeError, "centerBox");
  assertRejects({ centerBox: ["0", 1] }, TypeError, "centerBox", '"0"');
  assertRejects({ shuffle: "yes" }, TypeError, "shuffle", '"yes"');
  assertRejects({ randomState: 1.5 }, RangeError, "randomState", "1.5");
  assertRejects({ randomState: -1 }, RangeError, "randomState", "-1");
  assertRejects({ randomState: 2 ** 32 }, RangeError, "randomState", "4294967296");
  assertRejects({ randomState: "2" }, TypeError, "randomState", '"2"');
  assertRejects(null, TypeError, "options", "null");
  assertRejects([], TypeError, "options");
});

Deno.test("blobCenters() gives the centres makeBlobs draws its blobs around", () => {
  const tutorial = { nSamples: 1000, centers: 3, nFeatures: 2, clusterStd: 2, randomState: 2 };
  const centers = blobCenters(tutorial);
  // numpy: RandomState(2).uniform(-10, 10, size=(3, 2)), the first six uniform draws.
  const rng = new RandomState(2);
  assert.deepEqual(centers, [0, 1, 2].map(() => [rng.uniform(-10, 10), rng.uniform(-10, 10)]));
  // Each class mean of the tutorial's points lies within 0.5 of its centre (sd 2, ~333 points).
  const { x, y } = makeBlobs(tutorial);
  centers.forEach((c, k) => {
    const mine = x.filter((_, i) => y[i] === k);
    const mean = [0, 1].map((j) => mine.reduce((a, p) => a + p[j], 0) / mine.length);
    assert.ok(Math.hypot(mean[0] - c[0], mean[1] - c[1]) < 0.5, `class ${k}`);
  });
  // Explicit centres come back unchanged, and drawing around them works.
  assert.deepEqual(blobCenters({ centers: [[1, 2], [3, 4]] }), [[1, 2], [3, 4]]);
  assert.equal(makeBlobs({ nSamples: 10, centers, randomState: 5 }).x.length, 10);
  assert.throws(() => blobCenters({ centers: 0 }), RangeError);
});
