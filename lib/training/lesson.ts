/**
 * One-line lessons: the blocks the notebooks would otherwise write out again
 * and again, each one call. {@linkcode train} is the tutorial's `fit_model`:
 * it trains one model with a progress line, prints the tutorial's
 * `Train: …, Test: …` line and draws the learning curves.
 * {@linkcode trainSeeds} trains one configuration for many seeds and shows
 * their table beside the tutorial's figure and Keras' runs;
 * {@linkcode trainSeedTable} does the same for several configurations in one
 * table. The `fit…` functions underneath ({@linkcode fitModel},
 * {@linkcode fitSeeds}) train without showing anything; these `train…`
 * functions are what a notebook cell calls once the reader has seen the code
 * they wrap (notebooks 2 to 5).
 *
 * Every table these helpers show also carries its numbers as output metadata
 * ({@linkcode RESULTS_METADATA}), which `deno task notebooks` reads back from
 * the executed notebooks for the start page's results table.
 *
 * @module
 */
import { fitModel, type FitModelOptions, resultLine } from "./fit.ts";
import { fitSeeds, type FitSeedsOptions, type SeedHistory } from "./fit_seeds.ts";
import { kerasRuns } from "../data/keras.ts";
import { type ReportedAccuracy, tutorialReported } from "../data/tutorial.ts";
import { learningCurves, type LearningCurvesOptions } from "../charts/learning_curves.ts";
import { flush, jupyter, progress, type ProgressOutput } from "../notebook/progress.ts";
import { show } from "../notebook/display.ts";
import { markdownTable, textTable } from "../notebook/display.ts";
import { seedSummary, seedTable, type SeedTableRow, type Spread } from "../stats/summary.ts";
import {
  booleanOption,
  checkInteger,
  checkKeys,
  checkPositive,
  describe,
  isObject,
  stringOption,
  typeFail,
} from "../_validate.ts";
import { checkDataset, resolveTrainingOptions } from "./options.ts";
import type { Dataset, History } from "../types.ts";

export type { ReportedAccuracy, SeedHistory, SeedTableRow };
export { fitHistory, type FitHistoryOptions } from "./fit_history.ts";

/** Options of {@linkcode train}: those of {@linkcode fitModel}, and what to show. */
export interface TrainOptions extends FitModelOptions {
  /**
   * The title of the progress line and of the chart.
   * @default {`batch=${batchSize}, lr=${learningRate}`}
   */
  title?: string;
  /**
   * Whether to draw the learning curves under the result line; `false` leaves
   * the cell at its progress line, for a loop that draws its runs together.
   * @default {true}
   */
  curves?: boolean;
  /** Options of the chart, as {@linkcode learningCurves} takes them (its `title` defaults to `title`). */
  chart?: LearningCurvesOptions;
  /** Where the progress line goes; defaults to the notebook (tests pass a recorder). */
  output?: ProgressOutput;
}

/** `batch=32, lr=0.01`: how the notebooks name a configuration. */
function configurationTitle(batchSize: number, learningRate: number): string {
  return `batch=${batchSize}, lr=${learningRate}`;
}

/**
 * Trains the tutorial's model once and shows it, as the tutorial's
 * `fit_model` does: a progress line while it trains, which ends with the
 * tutorial's `Train: …, Test: …` line and the run's time, then the learning
 * curves (accuracy and loss, train and test). It trains with
 * {@linkcode fitModel}: TensorFlow.js' own `model.fit`, on seeded shuffles.
 * Introduced by notebook 3.
 *
 * @param data Train and test tensors, as {@linkcode prepareData} makes them.
 * @param options Those of {@linkcode fitModel} (`batchSize` required), and `title`, `curves` (true), `chart`.
 * @returns The run's history, as {@linkcode fitModel} returns it.
 * @throws {TypeError|RangeError} On a bad option, naming it, before any training.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { disposeData, prepareData, train } from "../mod.ts";
 * const data = prepareData();
 * // In a notebook: a progress line, "Train: …, Test: …" and the learning curves.
 * const history = await train(data, { batchSize: 32, epochs: 2 });
 * assert.equal(history.epochs.length, 2);
 * assert.equal(history.batchSize, 32);
 * disposeData(data);
 * ```
 */
export async function train(data: Dataset, options: TrainOptions): Promise<History> {
  const context = "Cannot train";
  const { batchSize, learningRate } = resolveTrainingOptions(context, options);
  const title = stringOption(
    context,
    "title",
    options.title,
    configurationTitle(batchSize, learningRate),
  );
  const curves = booleanOption(context, "curves", options.curves, true);
  if (options.chart !== undefined && !isObject(options.chart)) {
    typeFail(context, `chart must be an options object, got ${describe(options.chart)}`);
  }
  if (options.seed !== undefined) checkInteger(context, "seed", options.seed, 0);
  const { onEpochEnd } = options;
  if (onEpochEnd !== undefined && typeof onEpochEnd !== "function") {
    typeFail(context, `onEpochEnd must be a function, got ${describe(onEpochEnd)}`);
  }
  checkDataset(context, data);

  const { title: _t, curves: _c, chart: _ch, output: _o, ...fitOptions } = options;
  const epochs = options.epochs ?? 200;
  const line = progress(title, { output: options.output });
  const shown = line.onEpochEnd(epochs);
  const history = await fitModel(data, {
    ...fitOptions,
    onEpochEnd: async (log, model) => {
      await shown(log);
      await onEpochEnd?.(log, model);
    },
  });
  const seconds = history.epochs.at(-1)?.seconds ?? 0;
  await line.done(`${resultLine(history)} · ${seconds.toFixed(1)} s`);
  if (curves) await show(learningCurves(history, { title, ...options.chart }));
  return history;
}

/** One configuration of {@linkcode trainSeedTable}: a row of the table. */
export interface SeedTableConfiguration {
  /**
   * The row's label.
   * @default {`batch=${batchSize}, lr=${learningRate}`}
   */
  label?: string;
  /** Examples per update. */
  batchSize: number;
  /**
   * Step size of SGD.
   * @default {0.01}
   */
  learningRate?: number;
  /**
   * The figures to print beside the row; `null` for none.
   * @default {the tutorial's, where it printed any ({@linkcode tutorialReported})}
   */
  reference?: ReportedAccuracy | null;
}

/** Options of {@linkcode trainSeedTable}: those of {@linkcode fitSeeds} shared by every row. */
export interface TrainSeedTableOptions
  extends Omit<FitSeedsOptions, "batchSize" | "learningRate" | "onEpochEnd"> {
  /**
   * Whether to set the mean of Keras' runs of the same configuration and
   * length (`kerasRuns`) beside each row, where there are any.
   * @default {true}
   */
  keras?: boolean;
  /** Where the progress lines go; defaults to the notebook (tests pass a recorder). */
  output?: ProgressOutput;
}

/** Options of {@linkcode trainSeeds}: one configuration and the options of the table. */
export interface TrainSeedsOptions extends TrainSeedTableOptions, SeedTableConfiguration {}

const CONFIGURATION_KEYS = ["label", "batchSize", "learningRate", "reference"] as const;

/**
 * Key of the output metadata under which {@linkcode trainSeeds} and
 * {@linkcode trainSeedTable} store the numbers of their tables (a list of
 * {@linkcode SeedResult}), so that a tool can read them back from an
 * executed notebook.
 */
export const RESULTS_METADATA = "batch_size_results";

/** One row of a seed table as numbers, as stored under {@linkcode RESULTS_METADATA}. */
export interface SeedResult {
  label: string;
  batchSize: number;
  learningRate: number;
  epochs: number;
  seeds: number;
  train: Spread;
  test: Spread;
  /** The tutorial's figures beside the row, if any. */
  reference: ReportedAccuracy | null;
  /** Mean final accuracies of Keras' runs beside the row, and how many, if any. */
  keras: { train: number; test: number; runs: number } | null;
}

/**
 * Trains several configurations for the same seeds, each with a progress
 * line, and shows one table of their final accuracies: per row the mean and
 * range over the seeds, the tutorial's figures where it printed any, and the
 * mean of Keras' runs where there are any. Then one line with the number of
 * runs and their time. Introduced by notebook 5.
 *
 * @param data Train and test tensors, as {@linkcode prepareData} makes them.
 * @param configurations The rows: `batchSize`, `learningRate` (0.01), `label`, `reference`; the tutorial's configurations (`tutorial.configurations`) fit as they are.
 * @param options Those of {@linkcode fitSeeds} except `batchSize`, `learningRate` and `onEpochEnd` (`seeds` required), and `keras` (true).
 * @returns The table's rows, each with its runs in `histories`.
 * @throws {TypeError|RangeError} On a bad configuration or option, naming it, before any training.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { disposeData, prepareData, trainSeedTable, tutorial } from "../mod.ts";
 * const data = prepareData();
 * const rows = await trainSeedTable(data, [tutorial.minibatch, { batchSize: 64 }], {
 *   epochs: 2,
 *   seeds: 2,
 * });
 * assert.deepEqual(rows.map((r) => r.label), ["minibatch: batch=32, lr=0.01", "batch=64, lr=0.01"]);
 * assert.deepEqual(rows[0].reference, { train: 0.832, test: 0.812 }); // the tutorial's figures
 * assert.equal(rows[1].histories.length, 2);
 * disposeData(data);
 * ```
 */
export async function trainSeedTable(
  data: Dataset,
  configurations: readonly SeedTableConfiguration[],
  options: TrainSeedTableOptions,
): Promise<(SeedTableRow & { histories: SeedHistory[] })[]> {
  const context = "Cannot train seeds";
  if (!Array.isArray(configurations) || configurations.length === 0) {
    throw new RangeError(
      `${context}: configurations must be a non-empty array, got ${describe(configurations)}`,
    );
  }
  if (!isObject(options)) {
    typeFail(context, `options must be an object, got ${describe(options)}`);
  }
  const keras = booleanOption(context, "keras", options.keras, true);
  const { epochs } = resolveTrainingOptions(context, { ...options, batchSize: 1 });
  const rows = configurations.map((c, i) => {
    const name = `configurations[${i}]`;
    if (!isObject(c)) typeFail(context, `${name} must be an object, got ${describe(c)}`);
    const batchSize = checkInteger(context, `${name}.batchSize`, c.batchSize);
    const learningRate = checkPositive(
      context,
      `${name}.learningRate`,
      c.learningRate ?? 0.01,
    );
    const label = stringOption(
      context,
      `${name}.label`,
      c.label,
      configurationTitle(batchSize, learningRate),
    );
    const reference = c.reference === undefined
      ? tutorialReported(batchSize, learningRate)
      : checkReference(context, `${name}.reference`, c.reference);
    return { label, batchSize, learningRate, reference };
  });
  checkDataset(context, data);
  const fitOptions: Record<string, unknown> = { ...options };
  for (const key of ["keras", "output"]) delete fitOptions[key];
  checkSeeds(context, options.seeds);
  if (options.schedule !== undefined && typeof options.schedule !== "function") {
    typeFail(context, `schedule must be a function, got ${describe(options.schedule)}`);
  }

  const started = performance.now();
  const width = Math.max(...rows.map((r) => r.label.length));
  const table: (SeedTableRow & { histories: SeedHistory[] })[] = [];
  for (const row of rows) {
    const line = progress(row.label.padEnd(width), { output: options.output });
    const rowStarted = performance.now();
    const histories = await fitSeeds(data, {
      ...(fitOptions as Omit<FitSeedsOptions, "batchSize">),
      batchSize: row.batchSize,
      learningRate: row.learningRate,
      onEpochEnd: line.onEpochEnd(epochs),
    });
    await line.done(
      `${histories.length} seeds · ${((performance.now() - rowStarted) / 1000).toFixed(1)} s`,
    );
    table.push({
      label: row.label,
      histories,
      reference: row.reference ?? undefined,
      keras: keras ? kerasRuns(row.batchSize, row.learningRate, { epochs }) : undefined,
    });
  }
  const results: SeedResult[] = table.map((r, i) => {
    const summary = seedSummary(r.histories);
    const k = r.keras !== undefined && r.keras.length > 0 ? seedSummary(r.keras) : undefined;
    return {
      label: r.label,
      batchSize: rows[i].batchSize,
      learningRate: rows[i].learningRate,
      epochs,
      seeds: summary.seeds,
      train: summary.train,
      test: summary.test,
      reference: r.reference ?? null,
      keras: k ? { train: k.train.mean, test: k.test.mean, runs: k.seeds } : null,
    };
  });
  await showResults(table, results);
  if (table.length > 1) {
    const runs = table.reduce((n, r) => n + r.histories.length, 0);
    const seconds = (performance.now() - started) / 1000;
    await showLine(`${runs} runs of ${epochs} epochs in ${seconds.toFixed(1)} s`, options.output);
  }
  return table;
}

/**
 * Trains one configuration for many seeds with a progress line, and shows
 * their table: the mean and range over the seeds of the final train and test
 * accuracy, beside the tutorial's figures (where it printed any) and the mean
 * of Keras' runs of the same configuration (where there are any). It trains
 * with {@linkcode fitSeeds}, which does the arithmetic of `model.fit` for all
 * seeds at once. Introduced by notebook 3.
 *
 * @param data Train and test tensors, as {@linkcode prepareData} makes them.
 * @param options Those of {@linkcode fitSeeds} except `onEpochEnd` (`batchSize` and `seeds` required), and `label`, `reference`, `keras` (true).
 * @returns One history per seed, as {@linkcode fitSeeds} returns them.
 * @throws {TypeError|RangeError} On a bad option, naming it, before any training.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { disposeData, prepareData, trainSeeds } from "../mod.ts";
 * const data = prepareData();
 * // In a notebook: a progress line, then the table of the three seeds.
 * const runs = await trainSeeds(data, { batchSize: 32, epochs: 2, seeds: 3 });
 * assert.deepEqual(runs.map((h) => h.seed), [0, 1, 2]);
 * disposeData(data);
 * ```
 */
export async function trainSeeds(
  data: Dataset,
  options: TrainSeedsOptions,
): Promise<SeedHistory[]> {
  if (!isObject(options)) {
    typeFail("Cannot train seeds", `options must be an object, got ${describe(options)}`);
  }
  const configuration: Record<string, unknown> = {};
  const rest: Record<string, unknown> = { ...options };
  for (const key of CONFIGURATION_KEYS) {
    if (key in options) configuration[key] = options[key];
    delete rest[key];
  }
  if ("onEpochEnd" in rest && rest.onEpochEnd !== undefined) {
    typeFail("Cannot train seeds", "onEpochEnd is not an option of trainSeeds; use fitSeeds");
  }
  const [row] = await trainSeedTable(
    data,
    [configuration as unknown as SeedTableConfiguration],
    rest as unknown as TrainSeedTableOptions,
  );
  return row.histories;
}

/** A light check of `seeds` (fitSeeds checks the rest), so that a wrong kind fails before any work. */
function checkSeeds(context: string, seeds: unknown): void {
  if (typeof seeds === "number") {
    checkInteger(context, "seeds", seeds);
  } else if (!Array.isArray(seeds) || seeds.length === 0) {
    throw new TypeError(
      `${context}: seeds must be a count or a non-empty array of seeds, got ${describe(seeds)}`,
    );
  }
}

function checkReference(context: string, name: string, value: unknown): ReportedAccuracy | null {
  if (value === null) return null;
  if (!isObject(value)) {
    typeFail(context, `${name} must be { train, test } or null, got ${describe(value)}`);
  }
  checkKeys(context, name, value, ["train", "test"]);
  for (const key of ["train", "test"] as const) {
    const v = value[key];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
      throw new RangeError(`${context}: ${name}.${key} must be an accuracy in [0, 1], got ${v}`);
    }
  }
  return { train: value.train as number, test: value.test as number };
}

/** Shows the seed table with its numbers as output metadata; outside the kernel, prints it. */
async function showResults(table: SeedTableRow[], results: SeedResult[]): Promise<void> {
  const { columns, rows } = seedTable(table);
  const text = textTable(columns, rows);
  const kernel = jupyter();
  if (kernel === undefined) {
    console.log(text);
    return;
  }
  await kernel.broadcast("display_data", {
    data: { "text/markdown": markdownTable(columns, rows), "text/plain": text },
    metadata: { [RESULTS_METADATA]: results },
    transient: {},
  });
  await flush();
}

/** One line of text under the cell, through the same channel as the progress lines. */
async function showLine(text: string, output: ProgressOutput | undefined): Promise<void> {
  const kernel = output ?? jupyter();
  if (kernel === undefined) {
    console.log(text);
    return;
  }
  await kernel.broadcast("stream", { name: "stdout", text: `${text}\n` });
  if (output === undefined) await flush();
}
