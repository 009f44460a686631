/**
 * Grids of runs: every pair of a batch size and a learning rate, trained from
 * several seeds with {@linkcode fitSeeds}, and the numbers read off such a
 * grid: which learning rates work for each batch size, and the mean final
 * test accuracy of a cell. Notebook 9 uses it, with `stepsToTarget` and
 * `median` (in `stats/curves.ts` and `stats/stats.ts`) for the updates a cell's runs need
 * to reach a target accuracy.
 *
 * @module
 */
import { seedMean } from "../stats/curves.ts";
import { fitSeeds } from "./fit_seeds.ts";
import {
  checkDistinctList,
  checkFunction,
  checkInteger,
  checkPositive,
  describe,
  typeFail,
} from "../_validate.ts";
import type { Dataset, History } from "../types.ts";

/** Options of {@linkcode sweep}. */
export interface SweepOptions {
  /** The batch sizes, each a positive integer; required. */
  batchSizes: readonly number[];
  /** The learning rates, each above 0; required. */
  learningRates: readonly number[];
  /** Seeds of every cell, as `fitSeeds` takes them: a count or a list; required. */
  seeds: number | readonly number[];
  /** Passes over the training set; defaults to 200. */
  epochs?: number;
  /** Momentum of SGD; defaults to 0.9. */
  momentum?: number;
  /**
   * Called after each cell with the cell, its 0-based index and the number of
   * cells (to show progress); awaited if it returns a promise.
   */
  onCell?: (cell: SweepCell, index: number, total: number) => void | Promise<void>;
}

/** One cell of a {@linkcode sweep}: a batch size, a learning rate and its runs. */
export interface SweepCell {
  batchSize: number;
  learningRate: number;
  /** One run per seed, in the order of the seeds. */
  histories: History[];
  /** Wall time of the cell's training, in seconds. */
  seconds: number;
}

/**
 * Trains every pair of a batch size and a learning rate from the same seeds,
 * batch size by batch size, with {@linkcode fitSeeds}.
 *
 * @param data Train and test tensors, as `prepareData` makes them.
 * @param options `batchSizes`, `learningRates`, `seeds` (all required), `epochs` (200),
 *   `momentum` (0.9), `onCell`.
 * @returns One cell per pair, batch sizes in the outer order, learning rates in the inner.
 * @throws {TypeError|RangeError} Before any work, on a bad option.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { disposeData, prepareData } from "../data/data.ts";
 * import { sweep } from "./sweep.ts";
 * const data = prepareData();
 * const cells = await sweep(data, {
 *   batchSizes: [32, 500],
 *   learningRates: [0.01, 0.1],
 *   seeds: 2,
 *   epochs: 2,
 * });
 * assert.equal(cells.length, 4);
 * assert.deepEqual([cells[1].batchSize, cells[1].learningRate], [32, 0.1]);
 * disposeData(data);
 * ```
 */
export async function sweep(data: Dataset, options: SweepOptions): Promise<SweepCell[]> {
  const context = "Cannot sweep";
  if (options === null || typeof options !== "object") {
    typeFail(context, `options must be an object, got ${describe(options)}`);
  }
  const batchSizes = checkDistinctList(context, "batchSizes", options.batchSizes, checkInteger);
  const learningRates = checkDistinctList(
    context,
    "learningRates",
    options.learningRates,
    checkPositive,
  );
  const { seeds, epochs = 200, momentum = 0.9, onCell } = options;
  checkInteger(context, "epochs", epochs);
  if (onCell !== undefined) checkFunction(context, "onCell", onCell);
  const total = batchSizes.length * learningRates.length;
  const cells: SweepCell[] = [];
  for (const batchSize of batchSizes) {
    for (const learningRate of learningRates) {
      const began = performance.now();
      const histories = await fitSeeds(data, { batchSize, learningRate, momentum, epochs, seeds });
      const cell = {
        batchSize,
        learningRate,
        histories,
        seconds: (performance.now() - began) / 1000,
      };
      cells.push(cell);
      await onCell?.(cell, cells.length - 1, total);
    }
  }
  return cells;
}

/** What {@linkcode learningRateRange} finds for one batch size. */
export interface LearningRateRange {
  batchSize: number;
  /** The smallest learning rate of the grid that works, or `null` if none does. */
  lowest: number | null;
  /** The largest learning rate of the grid that works, or `null` if none does. */
  highest: number | null;
  /** log10(highest / lowest): how many decades the working range spans (0 for one rate, NaN for none). */
  decades: number;
}

/**
 * For each batch size of a sweep, the smallest and largest learning rate at
 * which the mean final test accuracy over the seeds is at least `threshold`.
 *
 * @param cells Cells of a {@linkcode sweep}.
 * @param threshold The mean final test accuracy a learning rate must reach to count.
 * @returns One range per batch size, in the order the batch sizes first appear.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { learningRateRange } from "./sweep.ts";
 * import type { History } from "../types.ts";
 * const cell = (learningRate: number, accuracy: number) => ({
 *   batchSize: 8,
 *   learningRate,
 *   seconds: 0,
 *   histories: [{ epochs: [], test: { accuracy } } as unknown as History],
 * });
 * const [range] = learningRateRange([cell(0.001, 0.7), cell(0.01, 0.82), cell(0.1, 0.81)], 0.8);
 * assert.deepEqual(range, { batchSize: 8, lowest: 0.01, highest: 0.1, decades: 1 });
 * ```
 */
export function learningRateRange(cells: SweepCell[], threshold: number): LearningRateRange[] {
  if (!Array.isArray(cells) || cells.length === 0) {
    throw new TypeError(
      `Cannot find learning rate range: cells must be a non-empty array, got ${describe(cells)}`,
    );
  }
  const batchSizes = [...new Set(cells.map((c) => c.batchSize))];
  return batchSizes.map((batchSize) => {
    const good = cells
      .filter((c) => c.batchSize === batchSize && meanTestAccuracy(c) >= threshold)
      .map((c) => c.learningRate);
    if (good.length === 0) return { batchSize, lowest: null, highest: null, decades: NaN };
    const lowest = Math.min(...good), highest = Math.max(...good);
    return { batchSize, lowest, highest, decades: Math.log10(highest / lowest) };
  });
}

/**
 * The mean final test accuracy of a cell's runs:
 * `seedMean(cell.histories, (h) => h.test.accuracy)`.
 *
 * @param cell A cell of a {@linkcode sweep}.
 * @returns The mean over its seeds.
 * @throws {TypeError} On a cell without runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanTestAccuracy } from "./sweep.ts";
 * import type { History } from "../types.ts";
 * const run = (accuracy: number) => ({ epochs: [], test: { accuracy } }) as unknown as History;
 * const cell = { batchSize: 8, learningRate: 0.1, seconds: 0, histories: [run(0.75), run(0.875)] };
 * assert.equal(meanTestAccuracy(cell), 0.8125);
 * ```
 */
export function meanTestAccuracy(cell: SweepCell): number {
  return seedMean(cell?.histories, (h) => h.test.accuracy);
}
