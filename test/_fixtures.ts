/**
 * Fixtures shared by several test files: a small dataset, histories without
 * their wall-clock times (the only part of a run that is not deterministic),
 * and the largest difference between two arrays.
 *
 * @module
 */
import { prepareData } from "../lib/mod.ts";
import type { Dataset, History } from "../lib/mod.ts";

/** The tutorial's blobs cut to 100 points, 50 of them for training: fits of a few epochs run in milliseconds. */
export function smallData(): Dataset {
  return prepareData({ nSamples: 100, nTrain: 50 });
}

/** A history without the `seconds` of its epochs, for comparing runs exactly. */
export function withoutSeconds<H extends History>(history: H): H {
  return { ...history, epochs: history.epochs.map(({ seconds: _, ...rest }) => rest) };
}

/** The largest absolute difference between two equally long arrays. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
