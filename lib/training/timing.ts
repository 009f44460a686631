/**
 * What an epoch costs in wall-clock time when the tutorial's model is trained
 * the ordinary way, one tfjs `model.fit` step per batch ({@linkcode fitModel}),
 * measured over a short real run. Introduced by notebook 7 (time, updates and
 * epochs), which multiplies these costs by the epochs that `fitSeeds` needed.
 *
 * @module
 */
import { fitModel } from "./fit.ts";
import { mean } from "../stats/stats.ts";
import type { Dataset, History } from "../types.ts";
import { checkHistory, describe, integerOption, isObject, typeFail } from "../_validate.ts";

/** Options of {@linkcode measureEpochSeconds}. */
export interface MeasureEpochSecondsOptions {
  /** Examples per weight update; required. */
  batchSize: number;
  /** Epochs timed after the warm-up, at least; defaults to 2. */
  epochs?: number;
  /**
   * Updates timed, at least: more epochs are timed when `epochs` would make
   * fewer, so that a large batch, whose epoch takes a few milliseconds, is
   * timed over enough epochs for their mean to be steady; defaults to 0.
   */
  minUpdates?: number;
  /** Epochs trained first and not timed (tfjs builds its kernels on first use); defaults to 1. */
  warmup?: number;
  /** Step size of SGD; defaults to 0.01 (it does not change the cost of a step). */
  learningRate?: number;
  /** Momentum of SGD; defaults to 0.9. */
  momentum?: number;
  /** Seed of the run; defaults to 0. */
  seed?: number;
}

/** The measured cost of one epoch of {@linkcode fitModel}, as {@linkcode measureEpochSeconds} returns it. */
export interface EpochTiming {
  /** The batch size measured. */
  batchSize: number;
  /** Weight updates (steps) in one epoch: ⌈training examples / batch size⌉. */
  updatesPerEpoch: number;
  /** The mean wall-clock seconds of the timed epochs: their total divided by their number. */
  secondsPerEpoch: number;
  /** `secondsPerEpoch / updatesPerEpoch`: the cost of one step. */
  secondsPerUpdate: number;
  /** The seconds of every epoch trained, warm-up first. */
  epochSeconds: number[];
  /** How many epochs were timed (after the warm-up). */
  epochsTimed: number;
}

/**
 * Trains the tutorial's model with {@linkcode fitModel} for a few epochs and
 * reports the wall-clock seconds one epoch takes: the mean over the timed
 * epochs (their total time divided by their number, so that the occasional
 * slow epoch counts as it would in a long run), after `warmup` untimed ones. It times `epochs` epochs, or more if
 * that is needed to time at least `minUpdates` updates. An epoch's time is what `fitModel`
 * records for it (shuffling the training set and `model.fit` over its
 * batches; not the evaluation on the test set afterwards). The figure is of
 * this machine at this moment: other work on the machine slows it down.
 *
 * @param data Train and test tensors, as `prepareData` makes them.
 * @param options `batchSize` (required), `epochs` (2), `minUpdates` (0), `warmup` (1), `learningRate` (0.01), `momentum` (0.9), `seed` (0).
 * @returns The measured {@linkcode EpochTiming}.
 * @throws {RangeError|TypeError} On a bad option, before any work.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { disposeData, prepareData } from "../data/data.ts";
 * import { measureEpochSeconds } from "./timing.ts";
 * const data = prepareData();
 * const timing = await measureEpochSeconds(data, { batchSize: 250, epochs: 1 });
 * assert.equal(timing.updatesPerEpoch, 2); // 500 examples in batches of 250
 * assert.equal(timing.epochSeconds.length, 2); // one warm-up epoch, one timed
 * assert.equal(timing.secondsPerUpdate, timing.secondsPerEpoch / 2);
 * disposeData(data);
 * ```
 */
export async function measureEpochSeconds(
  data: Dataset,
  options: MeasureEpochSecondsOptions,
): Promise<EpochTiming> {
  const context = "Cannot measure epoch seconds";
  if (!isObject(options)) {
    typeFail(context, `options must be an object, got ${describe(options)}`);
  }
  const epochs = integerOption(context, "epochs", options.epochs, 2, 1);
  const warmup = integerOption(context, "warmup", options.warmup, 1, 0);
  const minUpdates = integerOption(context, "minUpdates", options.minUpdates, 0, 0);
  const { batchSize } = options;
  const nTrain = data?.trainX?.shape?.[0];
  const perEpoch = Number.isInteger(batchSize) && batchSize > 0 && Number.isInteger(nTrain)
    ? Math.ceil(nTrain / batchSize)
    : 1; // fitModel rejects a bad batch size or dataset below
  const timedEpochs = Math.max(epochs, Math.ceil(minUpdates / perEpoch));
  const history = await fitModel(data, {
    batchSize,
    epochs: warmup + timedEpochs,
    learningRate: options.learningRate,
    momentum: options.momentum,
    seed: options.seed,
  });
  const epochSeconds = epochDurations(history);
  const timed = epochSeconds.slice(warmup);
  if (timed.length === 0) {
    throw new RangeError(
      `Cannot measure epoch seconds: the run diverged at epoch ${history.divergedAt} during the warm-up`,
    );
  }
  const updatesPerEpoch = history.epochs[0].updates;
  const secondsPerEpoch = mean(timed);
  return {
    batchSize: history.batchSize,
    updatesPerEpoch,
    secondsPerEpoch,
    secondsPerUpdate: secondsPerEpoch / updatesPerEpoch,
    epochSeconds,
    epochsTimed: timed.length,
  };
}

/**
 * The seconds each epoch of a run took, from the cumulative `seconds` of its
 * records (for a `fitSeeds` run: the seed's share of each epoch's time).
 *
 * @param history A run, as `fitModel` or `fitSeeds` returns it.
 * @returns One duration per epoch recorded.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { epochDurations } from "./timing.ts";
 * import type { History } from "../types.ts";
 * const run = { epochs: [{ seconds: 0.5 }, { seconds: 0.75 }, { seconds: 1.5 }] } as History;
 * assert.deepEqual(epochDurations(run), [0.5, 0.25, 0.75]);
 * ```
 */
export function epochDurations(history: History): number[] {
  checkHistory("Cannot take epoch durations", "history", history);
  return history.epochs.map((log, i) =>
    log.seconds - (i === 0 ? 0 : history.epochs[i - 1].seconds)
  );
}
