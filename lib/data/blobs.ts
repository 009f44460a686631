/**
 * scikit-learn's `make_blobs` in TypeScript: isotropic Gaussian blobs for
 * classification, the very same points for the same integer `randomState`.
 *
 * @module
 */
import { RandomState } from "./_random_state.ts";
import { checkHeapRoom, checkInteger, describe, rangeFail, typeFail } from "../_validate.ts";

/**
 * Options of {@linkcode makeBlobs}: scikit-learn's `make_blobs` parameters in
 * camelCase, with the same defaults.
 */
export interface MakeBlobsOptions {
  /**
   * Points in all, split as evenly as possible between the centres (the first
   * centres get one more when it does not divide); or an array with the count
   * of each centre, in which case `centers` must be omitted (that many centres
   * are drawn) or give one centre per count. Defaults to 100.
   */
  nSamples?: number | readonly number[];
  /**
   * Coordinates of each point; defaults to 2. Explicit `centers` set it to
   * their width; when both are given they must agree.
   */
  nFeatures?: number;
  /**
   * How many centres to draw uniformly inside `centerBox`, or the centres
   * themselves, one row of `nFeatures` numbers each. Defaults to 3 (to the
   * length of `nSamples` when that is an array).
   */
  centers?: number | readonly (readonly number[])[];
  /** Standard deviation of every blob, or one per centre; each finite and ≥ 0. Defaults to 1. */
  clusterStd?: number | readonly number[];
  /** `[low, high]` bounds of each coordinate of a drawn centre; defaults to `[-10, 10]`. */
  centerBox?: readonly [number, number];
  /** Whether to shuffle the points, as scikit-learn does by default; defaults to `true`. */
  shuffle?: boolean;
  /**
   * Seed of numpy's legacy `RandomState`, an integer in [0, 2**32 - 1]: the
   * same seed gives the same points as scikit-learn's `random_state`.
   * Defaults to 0 (scikit-learn's default, `None`, would draw fresh
   * randomness; here the result is always deterministic).
   */
  randomState?: number;
}

/** Points and their labels, as `make_blobs` returns them. */
export interface Blobs {
  /** One row of `nFeatures` coordinates per point. */
  x: number[][];
  /** The index of each point's centre, from 0. */
  y: number[];
}

const CONTEXT = "Cannot make blobs";

/**
 * Generates isotropic Gaussian blobs, as scikit-learn's
 * `make_blobs(n_samples, n_features, centers=..., cluster_std=..., center_box=..., shuffle=..., random_state=...)`.
 * For an integer `randomState` it draws the very numbers numpy draws, in the
 * same order: the centres uniformly in `centerBox` (row by row), then each
 * blob's points from a normal around its centre, then a shuffle of the
 * points' order. Labels match scikit-learn's exactly and coordinates to the
 * last bit or so (within 1e-12).
 *
 * The tutorial's dataset (notebook 01) is
 * `makeBlobs({ nSamples: 1000, centers: 3, nFeatures: 2, clusterStd: 2, randomState: 2 })`.
 *
 * @param options Sizes, centres, spread and seed; the defaults are scikit-learn's, with seed 0.
 * @returns The points and their labels.
 * @throws {TypeError} If an option has the wrong type.
 * @throws {RangeError} If an option is out of range or inconsistent with another, or if
 *   `nSamples` asks for more points than the JavaScript heap has room for.
 *
 * @example
 * ```ts
 * import { makeBlobs } from "./blobs.ts";
 * import assert from "node:assert/strict";
 *
 * const { x, y } = makeBlobs({ nSamples: 1000, centers: 3, nFeatures: 2, clusterStd: 2, randomState: 2 });
 * assert.equal(x.length, 1000);
 * assert.deepEqual(y.slice(0, 5), [2, 2, 2, 0, 1]); // as scikit-learn's y[:5]
 * assert.ok(Math.abs(x[0][0] - 0.4871981127474787) < 1e-12); // X[0, 0]
 * ```
 */
export function makeBlobs(options: MakeBlobsOptions = {}): Blobs {
  const { x, y } = blobsWithCenters(options);
  return { x, y };
}

/**
 * The centres {@linkcode makeBlobs} places its blobs around for these
 * options, as scikit-learn's `make_blobs(..., return_centers=True)` returns
 * them: drawn uniformly in `centerBox` from the same `RandomState`, row by
 * row, or the explicit `centers` unchanged. With them, `makeBlobs` can draw
 * fresh points from the same blobs: pass them as `centers` with another
 * `randomState` (notebook 12 does this to score models on new data).
 *
 * @param options As for {@linkcode makeBlobs}.
 * @returns One row of `nFeatures` coordinates per centre.
 * @throws {TypeError|RangeError} As {@linkcode makeBlobs} does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { blobCenters, makeBlobs } from "./blobs.ts";
 * const tutorial = { nSamples: 1000, centers: 3, nFeatures: 2, clusterStd: 2, randomState: 2 };
 * const centers = blobCenters(tutorial);
 * assert.equal(centers.length, 3);
 * const fresh = makeBlobs({ ...tutorial, centers, randomState: 3 }); // new points, same blobs
 * assert.equal(fresh.x.length, 1000);
 * ```
 */
export function blobCenters(options: MakeBlobsOptions = {}): number[][] {
  return blobsWithCenters(options).centers.map((c) => [...c]);
}

/**
 * JS heap bytes a point keeps besides its features' 8 bytes each: its array,
 * its label, its places in the shuffle and the shuffled copies (measured: 104
 * in all for 2 features, 178 for 10).
 */
const POINT_BYTES = 104;

function blobsWithCenters(options: MakeBlobsOptions): Blobs & { centers: number[][] } {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    typeFail(CONTEXT, `options must be an object, got ${describe(options)}`);
  }
  const randomState = checkSeed(options.randomState ?? 0);
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== "boolean") {
    typeFail(CONTEXT, `shuffle must be a boolean, got ${describe(shuffle)}`);
  }
  const centerBox = checkCenterBox(options.centerBox ?? [-10, 10]);

  // Counts per centre, and the centres (a count to draw, or explicit rows).
  const nSamplesOption = options.nSamples ?? 100;
  let counts: number[] | null = null;
  let nSamples: number;
  if (Array.isArray(nSamplesOption)) {
    counts = checkCounts(nSamplesOption);
    nSamples = counts.reduce((a, b) => a + b, 0);
  } else {
    nSamples = checkInteger(CONTEXT, "nSamples", nSamplesOption, 1);
  }
  const nFeaturesOption = options.nFeatures === undefined
    ? undefined
    : checkInteger(CONTEXT, "nFeatures", options.nFeatures, 1);
  const centersOption = options.centers ?? (counts ? counts.length : 3);
  let nCenters: number;
  let explicit: number[][] | null = null;
  if (typeof centersOption === "number") {
    if (counts && options.centers !== undefined) {
      typeFail(
        CONTEXT,
        `centers must be omitted or explicit centres when nSamples is an array, got ${centersOption}`,
      );
    }
    nCenters = checkInteger(CONTEXT, "centers", centersOption, 1);
  } else if (Array.isArray(centersOption)) {
    explicit = checkCenters(centersOption, nFeaturesOption);
    nCenters = explicit.length;
    if (counts && counts.length !== nCenters) {
      rangeFail(
        CONTEXT,
        `centers must give one centre per count of nSamples (${counts.length}), got ${nCenters}`,
      );
    }
  } else {
    typeFail(
      CONTEXT,
      `centers must be a count or an array of centres, got ${describe(centersOption)}`,
    );
  }
  const nFeatures = explicit ? explicit[0].length : (nFeaturesOption ?? 2);
  checkHeapRoom(
    CONTEXT,
    `nSamples of ${nSamples} points with ${nFeatures} feature${nFeatures === 1 ? "" : "s"}`,
    nSamples * (POINT_BYTES + 8 * nFeatures),
    "make fewer points",
  );
  const stds = checkStds(options.clusterStd ?? 1, nCenters);
  if (!counts) {
    const base = Math.floor(nSamples / nCenters);
    counts = Array.from({ length: nCenters }, (_, i) => base + (i < nSamples % nCenters ? 1 : 0));
  }

  const rng = new RandomState(randomState);
  const [low, high] = centerBox;
  const centers = explicit ??
    Array.from(
      { length: nCenters },
      () => Array.from({ length: nFeatures }, () => rng.uniform(low, high)),
    );

  const points: number[][] = new Array(nSamples);
  const labels: number[] = new Array(nSamples);
  let row = 0;
  for (let c = 0; c < nCenters; c++) {
    const center = centers[c];
    const std = stds[c];
    for (let k = 0; k < counts[c]; k++, row++) {
      const point = new Array<number>(nFeatures);
      for (let j = 0; j < nFeatures; j++) point[j] = center[j] + std * rng.standardNormal();
      points[row] = point;
      labels[row] = c;
    }
  }
  if (!shuffle) return { x: points, y: labels, centers };
  const order = rng.permutation(nSamples);
  return { x: order.map((i) => points[i]), y: order.map((i) => labels[i]), centers };
}

function checkSeed(value: unknown): number {
  if (typeof value !== "number") {
    typeFail(CONTEXT, `randomState must be a number, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    rangeFail(CONTEXT, `randomState must be an integer in [0, 2**32 - 1], got ${value}`);
  }
  return value;
}

function checkCenterBox(value: unknown): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    typeFail(CONTEXT, `centerBox must be a pair [low, high], got ${describe(value)}`);
  }
  const [low, high] = value;
  if (typeof low !== "number" || typeof high !== "number") {
    typeFail(CONTEXT, `centerBox must be two numbers, got [${describe(low)}, ${describe(high)}]`);
  }
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
    rangeFail(
      CONTEXT,
      `centerBox must be finite [low, high] with low < high, got [${low}, ${high}]`,
    );
  }
  return [low, high];
}

function checkCounts(value: readonly unknown[]): number[] {
  if (value.length === 0) {
    rangeFail(CONTEXT, `nSamples must not be an empty array`);
  }
  const counts = value.map((count, i) => checkInteger(CONTEXT, `nSamples[${i}]`, count, 0));
  if (counts.every((count) => count === 0)) {
    rangeFail(CONTEXT, `nSamples must count at least one point, got [${counts}]`);
  }
  return counts;
}

function checkCenters(value: readonly unknown[], nFeatures: number | undefined): number[][] {
  if (value.length === 0) {
    rangeFail(CONTEXT, `centers must not be an empty array`);
  }
  const width = nFeatures ?? (Array.isArray(value[0]) ? value[0].length : 0);
  return value.map((row, i) => {
    if (!Array.isArray(row)) {
      typeFail(CONTEXT, `centers[${i}] must be an array of numbers, got ${describe(row)}`);
    }
    if (row.length === 0) {
      rangeFail(CONTEXT, `centers[${i}] must not be empty`);
    }
    if (row.length !== width) {
      const expected = nFeatures === undefined
        ? `${width} (the width of centers[0])`
        : `nFeatures (${width})`;
      rangeFail(CONTEXT, `centers[${i}] must have ${expected} coordinates, got ${row.length}`);
    }
    return row.map((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        typeFail(CONTEXT, `centers[${i}][${j}] must be a finite number, got ${describe(v)}`);
      }
      return v;
    });
  });
}

function checkStds(value: unknown, nCenters: number): number[] {
  const check = (std: unknown, name: string): number => {
    if (typeof std !== "number") {
      typeFail(CONTEXT, `${name} must be a number, got ${describe(std)}`);
    }
    if (!Number.isFinite(std) || std < 0) {
      rangeFail(CONTEXT, `${name} must be a finite number ≥ 0, got ${std}`);
    }
    return std;
  };
  if (Array.isArray(value)) {
    if (value.length !== nCenters) {
      rangeFail(
        CONTEXT,
        `clusterStd must give one std per centre (${nCenters}), got ${value.length}`,
      );
    }
    return value.map((std, i) => check(std, `clusterStd[${i}]`));
  }
  const std = check(value, "clusterStd");
  return new Array<number>(nCenters).fill(std);
}
