/**
 * Training the tutorial's model from many seeds at once, at hardware speed:
 * every seed trains exactly as {@linkcode fitModel} would train it, but all
 * seeds share one pass of a hand-written engine per epoch (WebAssembly SIMD,
 * built by `deno task setup`; plain JavaScript without it) instead of a
 * dozen tfjs ops per weight update, and large fits split their seeds over
 * the cores. The engine lives in `_engine/` (its `mod.ts` maps it).
 *
 * @module
 */
import type { tf } from "../backend.ts";
import {
  checkFunction,
  checkInteger,
  checkPositive,
  describe,
  rangeFail,
  typeFail,
} from "../_validate.ts";
import {
  checkDataset,
  checkMemory,
  HIDDEN,
  resolveTrainingOptions,
  type TrainingOptions,
} from "./options.ts";
import { denseWeights, paramCount } from "../_layout.ts";
import { type FitResult, seededPlan, type Split } from "./_engine/core.ts";
import { groupCount, runFit } from "./_engine/seed_groups.ts";
import type { Dataset, EpochLog, History } from "../types.ts";

/** Options of {@linkcode fitSeeds}. */
export interface FitSeedsOptions extends TrainingOptions {
  /**
   * Which seeds to train: a count `k` means the seeds `0, 1, …, k - 1`; an
   * array lists distinct integer seeds in [0, 2**32 - 1]. Required.
   */
  seeds: number | readonly number[];
  /**
   * Called after each epoch once for every seed still training, in the order
   * of the seeds, with that seed's record; awaited if it returns a promise. A
   * callback written for {@linkcode fitModel} fits here too.
   */
  onEpochEnd?: (log: EpochLog, seed: number) => void | Promise<void>;
  /**
   * Varies the batch size and the learning rate from epoch to epoch: called
   * with each epoch's number (1-based) before that epoch trains, it returns
   * that epoch's {@linkcode EpochSettings}; a setting it leaves out takes the
   * value of the plain `batchSize` or `learningRate` option. Every epoch's
   * settings are asked for, in order, and checked before any work (a bad one
   * is refused with a TypeError or RangeError naming the epoch). The momentum
   * accumulators carry over a change, as with tfjs'
   * `optimizer.setLearningRate` between two `model.fit` calls: a new learning
   * rate scales the whole accumulated velocity from the next update on. Each
   * history then records the settings in its `schedule`. Defaults to none:
   * every epoch trains with `batchSize` and `learningRate`.
   *
   * @example Step decay: the learning rate divided by 5 after epochs 60, 120 and 160.
   * ```ts ignore
   * schedule: (epoch) => ({ learningRate: 0.01 / 5 ** [60, 120, 160].filter((e) => epoch > e).length })
   * ```
   */
  schedule?: (epoch: number) => EpochSettings;
}

/** What a {@linkcode FitSeedsOptions.schedule} sets for one epoch. */
export interface EpochSettings {
  /** Examples per update in this epoch: a positive integer (above the training set's size it means one batch of everything). */
  batchSize?: number;
  /** Step size of SGD in this epoch: a finite number above 0. */
  learningRate?: number;
}

/** The batch size and learning rate one epoch trained with. */
export interface ScheduledEpoch {
  /** 1-based epoch number. */
  epoch: number;
  batchSize: number;
  learningRate: number;
}

/**
 * What {@linkcode fitSeeds} returns for each seed: a {@linkcode History}
 * (with a schedule, its `batchSize` and `learningRate` are the first
 * epoch's), and, only when a schedule was given, the settings of every epoch
 * the seed trained.
 */
export interface SeedHistory extends History {
  /** With a schedule: one entry per epoch in `epochs`, in order; absent without one. */
  schedule?: ScheduledEpoch[];
}

/** Largest seed: the shuffle's `RandomState` takes seeds up to 2**32 - 1. */
const MAX_SEED = 2 ** 32 - 1;

/**
 * Trains the tutorial's model once per seed and returns one
 * {@linkcode History} per seed, in the order of the seeds: what
 * `fitModel(data, { ...options, seed })` returns for each seed, to float32
 * rounding, many times faster.
 *
 * Seed `s` starts from `defineModel({ seed: s })`'s weights, shuffles every
 * epoch in the orders `epochOrders(nTrain, { seed: s })` gives, as `fitModel`
 * does, and takes the same consecutive batches; the
 * update is tfjs' SGD with momentum on the same cross-entropy as `fitModel`
 * (Keras' from logits, or with `loss: "clipped"` tfjs-layers' clipped one),
 * rounded to float32 as tfjs rounds it. Only rounding differs from tfjs (the
 * order of additions inside a matrix product, the last bit of an `exp`), so losses and weights
 * agree with `fitModel` to about 1e-6 over the first epochs (training is
 * chaotic at high learning rates, so over hundreds of epochs a run may drift
 * as far from `fitModel`'s as two tfjs backends drift from each other).
 *
 * A seed whose loss or weights become NaN or infinite stops at that epoch
 * (its `divergedAt`); the others go on. Each record's `seconds` is the
 * seed's share of the joint training time: an epoch's wall time divided by
 * the number of seeds that trained in it.
 *
 * With a `schedule`, the batch size and learning rate may change from epoch
 * to epoch (see {@linkcode FitSeedsOptions.schedule}); each record's
 * `updates` stays the cumulative count of weight updates since the start,
 * so runs with different schedules can be compared per update.
 *
 * @param data Train and test tensors, as {@linkcode prepareData} makes them.
 * @param options `batchSize` (required), `seeds` (required), `epochs` (200),
 *   `learningRate` (0.01), `momentum` (0.9), `loss` ("logits"), `onEpochEnd`, `schedule`.
 * @returns One history per seed.
 * @throws {TypeError|RangeError} Before any work, on a bad option or dataset,
 *   or (RangeError, saying how much memory it would need) on more seeds than
 *   the JavaScript heap or the machine has room for.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { disposeData, prepareData } from "../data/data.ts";
 * import { fitSeeds } from "./fit_seeds.ts";
 * const data = prepareData();
 * const histories = await fitSeeds(data, { batchSize: 32, epochs: 2, seeds: 3 });
 * deepEqual(histories.map((h) => h.seed), [0, 1, 2]);
 * equal(histories[0].epochs[1].updates, 32); // 16 updates an epoch (500 / 32, rounded up)
 * disposeData(data);
 * ```
 *
 * @example Batch size 8 for two epochs, then 100 (five times fewer updates per epoch).
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { disposeData, prepareData } from "../data/data.ts";
 * import { fitSeeds } from "./fit_seeds.ts";
 * const data = prepareData();
 * const [history] = await fitSeeds(data, {
 *   batchSize: 8,
 *   epochs: 4,
 *   seeds: 1,
 *   schedule: (epoch) => (epoch <= 2 ? {} : { batchSize: 100 }),
 * });
 * deepEqual(history.epochs.map((e) => e.updates), [63, 126, 131, 136]);
 * deepEqual(history.schedule!.map((s) => s.batchSize), [8, 8, 100, 100]);
 * disposeData(data);
 * ```
 */
export async function fitSeeds(data: Dataset, options: FitSeedsOptions): Promise<SeedHistory[]> {
  const context = "Cannot fit seeds";
  const { batchSize, epochs, learningRate, momentum, loss: lossKind } = resolveTrainingOptions(
    context,
    options,
  );
  const { onEpochEnd, schedule } = options;
  if (onEpochEnd !== undefined && typeof onEpochEnd !== "function") {
    typeFail(context, `onEpochEnd must be a function, got ${typeof onEpochEnd}`);
  }
  if (schedule !== undefined) checkFunction(context, "schedule", schedule);
  checkDataset(context, data);
  checkMemory(context, { seeds: seedCount(context, options.seeds), epochs, data, fewer: "seeds" });
  const seeds = resolveSeeds(context, options.seeds);
  /** Every epoch's settings, decided (and checked) before any work: the schedule's over the plain options. */
  const settings: ScheduledEpoch[] = Array.from(
    { length: epochs },
    (_, i) =>
      schedule === undefined
        ? { epoch: i + 1, batchSize, learningRate }
        : resolveSettings(context, schedule, i + 1, batchSize, learningRate),
  );

  const { trainX, trainY, testX, testY } = data;
  const k = seeds.length;
  const shape = { inputs: trainX.shape[1], hidden: HIDDEN, classes: trainY.shape[1] };
  const P = paramCount(shape);
  const plan = seededPlan({
    shape,
    train: splitOf(trainX, trainY),
    test: splitOf(testX, testY),
    seeds,
    momentum,
    loss: lossKind,
    batchSizes: Float64Array.from(settings, (s) => s.batchSize),
    learningRates: Float64Array.from(settings, (s) => s.learningRate),
  });
  const logs: EpochLog[][] = seeds.map(() => []);
  const divergedAt: (number | null)[] = seeds.map(() => null);
  const seconds = new Float64Array(k);
  const fit = runFit(plan, groupCount(k, epochs, trainX.shape[0]));
  let result: FitResult;
  try {
    for (;;) {
      const step = await fit.next();
      if (step.done) {
        result = step.value;
        break;
      }
      const { epoch, updates, rows } = step.value;
      const share = step.value.seconds / rows.length;
      for (const { index: i, stopped, ...scores } of rows) {
        seconds[i] += share;
        const record: EpochLog = { epoch, ...scores, seconds: seconds[i], updates };
        logs[i].push(record);
        await onEpochEnd?.(record, seeds[i]);
        if (stopped) divergedAt[i] = epoch;
      }
    }
  } finally {
    await fit.return(undefined as never);
  }
  const { params, train, test } = result;
  return seeds.map((seed, i) => {
    const history: SeedHistory = {
      batchSize: settings[0].batchSize,
      learningRate: settings[0].learningRate,
      momentum,
      loss: lossKind,
      seed,
      epochs: logs[i],
      divergedAt: divergedAt[i],
      train: { loss: train.loss[i], accuracy: train.accuracy[i] },
      test: { loss: test.loss[i], accuracy: test.accuracy[i] },
      weights: denseWeights(params.subarray(i * P, (i + 1) * P), shape),
    };
    if (schedule !== undefined) {
      history.schedule = settings.slice(0, logs[i].length).map((s) => ({ ...s }));
    }
    return history;
  });
}

/** A split of the dataset as flat arrays (copies). */
function splitOf(x: tf.Tensor2D, y: tf.Tensor2D): Split {
  return {
    x: Float32Array.from(x.dataSync() as Float32Array),
    y: Float32Array.from(y.dataSync() as Float32Array),
    n: x.shape[0],
  };
}

/** Settings a schedule may return. */
const SETTINGS = ["batchSize", "learningRate"];

/** Asks the schedule for an epoch's settings, checks them and fills in the plain options. */
function resolveSettings(
  context: string,
  schedule: (epoch: number) => EpochSettings,
  epoch: number,
  batchSize: number,
  learningRate: number,
): ScheduledEpoch {
  const name = `schedule(${epoch})`;
  const value: unknown = schedule(epoch);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    typeFail(
      context,
      `${name} must return an object with batchSize and/or learningRate, got ${describe(value)}`,
    );
  }
  const unknown = Object.keys(value).find((key) => !SETTINGS.includes(key));
  if (unknown !== undefined) {
    typeFail(
      context,
      `${name} returned an unknown setting ${
        JSON.stringify(unknown)
      }; a schedule sets only batchSize and learningRate`,
    );
  }
  const set = value as EpochSettings;
  return {
    epoch,
    batchSize: set.batchSize === undefined
      ? batchSize
      : checkInteger(context, `${name}.batchSize`, set.batchSize),
    learningRate: set.learningRate === undefined
      ? learningRate
      : checkPositive(context, `${name}.learningRate`, set.learningRate),
  };
}

/** How many seeds the `seeds` option names, checking only what that needs. */
function seedCount(context: string, seeds: unknown): number {
  if (Array.isArray(seeds)) return seeds.length;
  if (typeof seeds === "number" && Number.isInteger(seeds) && seeds >= 1 && seeds <= MAX_SEED + 1) {
    return seeds;
  }
  return resolveSeeds(context, seeds).length; // throws the option's error
}

/** Checks the `seeds` option and lists the seeds it means. */
function resolveSeeds(context: string, seeds: unknown): number[] {
  if (typeof seeds === "number") {
    if (!Number.isInteger(seeds) || seeds < 1 || seeds > MAX_SEED + 1) {
      rangeFail(
        context,
        `seeds must be a positive integer count or an array of seeds, got ${seeds}`,
      );
    }
    return Array.from({ length: seeds }, (_, i) => i);
  }
  if (!Array.isArray(seeds)) {
    typeFail(context, `seeds must be a count or an array of seeds, got ${describe(seeds)}`);
  }
  if (seeds.length === 0) {
    rangeFail(context, `seeds must list at least one seed, got an empty array`);
  }
  const seen = new Set<number>();
  seeds.forEach((seed: unknown, i) => {
    if (typeof seed !== "number") {
      typeFail(context, `seeds[${i}] must be a number, got ${describe(seed)}`);
    }
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      rangeFail(context, `seeds[${i}] must be an integer in [0, ${MAX_SEED}], got ${seed}`);
    }
    if (seen.has(seed)) {
      rangeFail(context, `seeds must be distinct, got ${seed} twice`);
    }
    seen.add(seed);
  });
  return [...seeds];
}
