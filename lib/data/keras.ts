/**
 * The Keras reference: the tutorial's own code run with Keras 3 on
 * TensorFlow for many seeds (`data/keras_reference.py`; versions and commands
 * in `data/README.md`), read back as {@linkcode History} records so that the
 * notebooks and the tests can set Keras' runs beside ours with the same
 * charts and statistics. Nothing here runs Keras: the files are committed.
 *
 * @module
 */
import { checkInteger, checkPositive, rangeFail } from "../_validate.ts";
import type { EpochLog, Evaluation, History } from "../types.ts";

/** A configuration the Keras reference holds. */
export interface KerasConfiguration {
  batchSize: number;
  learningRate: number;
}

/** One configuration's Keras runs. */
export interface KerasReference extends KerasConfiguration {
  /** The versions that made the file: python, tensorflow, keras, numpy, scikit-learn. */
  versions: Record<string, string>;
  /**
   * One history per seed, in seed order. Keras' epoch logs carry no timings,
   * so each record's `seconds` is `NaN`; `weights` is empty (not recorded);
   * `seconds` of the whole run is in {@linkcode KerasReference.seconds}.
   * Runs may differ in length (the batch-1 references hold 20-epoch runs
   * beside 200-epoch ones).
   */
  histories: History[];
  /** Wall-clock seconds of each run's `model.fit` and evaluation in Keras, in seed order. */
  seconds: number[];
}

interface KerasRun {
  seed: number;
  epochs: number;
  loss: number[];
  accuracy: number[];
  valLoss: number[];
  valAccuracy: number[];
  train: Evaluation;
  test: Evaluation;
  seconds: number;
}

/** Where the reference files are. */
const DIRECTORY = new URL("../../data/keras/", import.meta.url);

/** The file name `data/keras_reference.py` gives a configuration (Python's `%g` of the rate). */
function fileName({ batchSize, learningRate }: KerasConfiguration): string {
  return `batch_${batchSize}_lr_${learningRate}.json`;
}

/**
 * The configurations the committed Keras reference holds, by batch size, then
 * learning rate.
 *
 * @returns One entry per reference file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kerasConfigurations } from "./keras.ts";
 * const configurations = kerasConfigurations();
 * assert.ok(configurations.some((c) => c.batchSize === 500 && c.learningRate === 0.01));
 * ```
 */
export function kerasConfigurations(): KerasConfiguration[] {
  const found: KerasConfiguration[] = [];
  for (const entry of Deno.readDirSync(DIRECTORY)) {
    const match = /^batch_(\d+)_lr_([0-9.e-]+)\.json$/.exec(entry.name);
    if (match) found.push({ batchSize: Number(match[1]), learningRate: Number(match[2]) });
  }
  return found.sort((a, b) => a.batchSize - b.batchSize || a.learningRate - b.learningRate);
}

/**
 * Keras' runs of one configuration of the tutorial, as histories.
 *
 * @param batchSize The batch size.
 * @param learningRate The learning rate; defaults to 0.01.
 * @returns The configuration's runs, one history per seed.
 * @throws {RangeError} When the reference holds no such configuration (the message lists those it holds).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kerasReference } from "./keras.ts";
 * const keras = kerasReference(500);
 * assert.ok(keras.histories.length >= 10);
 * assert.equal(keras.histories[0].epochs.length, 200);
 * assert.equal(keras.histories[0].epochs[0].updates, 1);
 * ```
 */
export function kerasReference(batchSize: number, learningRate = 0.01): KerasReference {
  const context = "Cannot read the Keras reference";
  checkPositive(context, "batchSize", batchSize);
  checkPositive(context, "learningRate", learningRate);
  const configuration = { batchSize, learningRate };
  let text: string;
  try {
    text = Deno.readTextFileSync(new URL(fileName(configuration), DIRECTORY));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    const held = kerasConfigurations().map((c) => `batch ${c.batchSize} at lr ${c.learningRate}`);
    rangeFail(
      context,
      `there is no run of batch ${batchSize} at lr ${learningRate}; it holds ${held.join(", ")}`,
    );
  }
  const doc = JSON.parse(text) as { versions: Record<string, string>; runs: KerasRun[] };
  const updatesPerEpoch = Math.ceil(500 / batchSize);
  const histories = doc.runs.map((run): History => {
    const epochs: EpochLog[] = run.loss.map((loss, i) => ({
      epoch: i + 1,
      loss,
      accuracy: run.accuracy[i],
      valLoss: run.valLoss[i],
      valAccuracy: run.valAccuracy[i],
      seconds: NaN,
      updates: (i + 1) * updatesPerEpoch,
    }));
    const diverged = epochs.findIndex((e) => !Number.isFinite(e.loss));
    return {
      batchSize,
      learningRate,
      momentum: 0.9,
      loss: "logits",
      seed: run.seed,
      epochs,
      divergedAt: diverged < 0 ? null : diverged + 1,
      train: run.train,
      test: run.test,
      weights: [],
    };
  });
  return {
    batchSize,
    learningRate,
    versions: doc.versions,
    histories,
    seconds: doc.runs.map((r) => r.seconds),
  };
}

/** Options of {@linkcode kerasRuns}. */
export interface KerasRunsOptions {
  /**
   * Only the runs of exactly this many epochs, whose final evaluation (the
   * `Train: …, Test: …` line) comes after that epoch: what a notebook trained
   * for `epochs` can set beside its own. Omitted, every run.
   */
  epochs?: number;
}

/**
 * Keras' runs of one configuration, or none when the reference does not hold
 * it: what a notebook sets beside its own runs, so that a reader who changes
 * the batch size gets their own runs without Keras' rather than an error.
 *
 * @param batchSize The batch size.
 * @param learningRate The learning rate; defaults to 0.01.
 * @param options `epochs`: only the runs of that length.
 * @returns One history per seed, or an empty array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kerasRuns } from "./keras.ts";
 * assert.ok(kerasRuns(500).length >= 10);
 * assert.deepEqual(kerasRuns(100), []);
 * assert.ok(kerasRuns(1, 0.001, { epochs: 20 }).every((h) => h.epochs.length === 20));
 * ```
 */
export function kerasRuns(
  batchSize: number,
  learningRate = 0.01,
  options: KerasRunsOptions = {},
): History[] {
  const epochs = options.epochs === undefined
    ? undefined
    : checkInteger("Cannot read Keras runs", "epochs", options.epochs);
  const held = kerasConfigurations().some((c) =>
    c.batchSize === batchSize && c.learningRate === learningRate
  );
  const runs = held ? kerasReference(batchSize, learningRate).histories : [];
  return epochs === undefined ? runs : runs.filter((h) => h.epochs.length === epochs);
}
