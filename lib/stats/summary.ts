/**
 * Ten seeds, one row: the spread of final accuracies over runs that differ
 * only by seed, as the notebooks print it beside each single run.
 *
 * @module
 */
import { mean } from "./stats.ts";
import type { History } from "../types.ts";
import { showTable, type TableCell } from "../notebook/display.ts";
import { rangeFail } from "../_validate.ts";

/** Mean, smallest and largest of some values. */
export interface Spread {
  mean: number;
  min: number;
  max: number;
}

/** The spread of the final train and test accuracy over several runs. */
export interface SeedSummary {
  /** How many runs. */
  seeds: number;
  train: Spread;
  test: Spread;
}

/** One row of {@linkcode seedTable}. */
export interface SeedTableRow {
  /** What the row is, like `batch=32, lr=0.01`. */
  label: string;
  /** The runs of that configuration, one per seed. */
  histories: History[];
  /** Reference accuracies to print beside it, like the tutorial's Keras run; defaults to none. */
  reference?: { train: number; test: number };
  /** Keras' runs of the same configuration (from `kerasReference`), whose mean final accuracies are printed beside it; none or an empty array leaves the column blank. */
  keras?: History[];
}

function spread(values: number[]): Spread {
  return {
    mean: mean(values),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/**
 * Summarises the final train and test accuracy of runs that differ only by seed.
 *
 * @param histories The runs, e.g. from `fitSeeds`.
 * @returns The mean, min and max of each.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedSummary } from "./summary.ts";
 * import type { History } from "../types.ts";
 * const run = (train: number, test: number) =>
 *   ({ train: { loss: 0, accuracy: train }, test: { loss: 0, accuracy: test } }) as History;
 * const s = seedSummary([run(0.75, 0.5), run(0.875, 0.75)]);
 * assert.deepEqual(s, {
 *   seeds: 2,
 *   train: { mean: 0.8125, min: 0.75, max: 0.875 },
 *   test: { mean: 0.625, min: 0.5, max: 0.75 },
 * });
 * ```
 */
export function seedSummary(histories: History[]): SeedSummary {
  if (!Array.isArray(histories) || histories.length === 0) {
    throw new RangeError(
      `Cannot summarise seeds: histories must be a non-empty array, got ${
        Array.isArray(histories) ? "an empty array" : typeof histories
      }`,
    );
  }
  return {
    seeds: histories.length,
    train: spread(histories.map((h) => h.train.accuracy)),
    test: spread(histories.map((h) => h.test.accuracy)),
  };
}

/** A table as {@linkcode showTable} takes it: headings, then one array of cells per row. */
export interface Table {
  /** The column headings. */
  columns: string[];
  /** One array of cells per row, as many as there are columns. */
  rows: TableCell[][];
}

/**
 * The tutorial's table with one row per configuration: the number of seeds,
 * and the mean, min and max over seeds of the final train and test accuracy;
 * with a column for the tutorial's Keras run and one for the mean of Keras'
 * runs where any row has them.
 *
 * @param rows One row per configuration.
 * @returns The table; {@linkcode showSeedTable} shows it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedTable } from "./summary.ts";
 * import type { History } from "../types.ts";
 * const run = (a: number) =>
 *   ({ train: { loss: 0, accuracy: a }, test: { loss: 0, accuracy: a } }) as History;
 * const table = seedTable([{ label: "batch=32", histories: [run(0.8), run(0.84)] }]);
 * assert.deepEqual(table.columns, ["configuration", "seeds", "train: mean [min–max]", "test: mean [min–max]"]);
 * assert.deepEqual(table.rows, [["batch=32", 2, "0.820 [0.800–0.840]", "0.820 [0.800–0.840]"]]);
 * ```
 */
export function seedTable(rows: SeedTableRow[]): Table {
  if (!Array.isArray(rows) || rows.length === 0) {
    rangeFail("Cannot format seed table", "rows must be a non-empty array");
  }
  const withReference = rows.some((r) => r.reference !== undefined);
  const withKeras = rows.some((r) => r.keras !== undefined);
  const f = (v: number) => v.toFixed(3);
  const cell = (s: Spread) => `${f(s.mean)} [${f(s.min)}–${f(s.max)}]`;
  const columns = ["configuration", "seeds", "train: mean [min–max]", "test: mean [min–max]"];
  if (withReference) columns.push("tutorial (1 Keras run)");
  if (withKeras) columns.push("Keras: mean train / test (seeds)");
  return {
    columns,
    rows: rows.map((r) => {
      const s = seedSummary(r.histories);
      const row: TableCell[] = [r.label, s.seeds, cell(s.train), cell(s.test)];
      if (withReference) {
        row.push(r.reference ? `${f(r.reference.train)} / ${f(r.reference.test)}` : "");
      }
      if (withKeras) {
        const k = r.keras && r.keras.length > 0 ? seedSummary(r.keras) : undefined;
        row.push(k ? `${f(k.train.mean)} / ${f(k.test.mean)} (${k.seeds})` : "");
      }
      return row;
    }),
  };
}

/**
 * Shows {@linkcode seedTable} under the running cell as a rendered table.
 *
 * @param rows One row per configuration.
 * @returns A promise that resolves once the table is sent.
 */
export async function showSeedTable(rows: SeedTableRow[]): Promise<void> {
  const { columns, rows: cells } = seedTable(rows);
  await showTable(columns, cells);
}
