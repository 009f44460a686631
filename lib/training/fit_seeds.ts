/**
 * Training the tutorial's model from many seeds at once, at hardware speed:
 * every seed trains exactly as {@linkcode fitModel} would train it, but all
 * seeds share one pass of a hand-written engine per epoch (WebAssembly SIMD,
 * `_engine_wasm.ts`, built by `deno task setup`; plain JavaScript,
 * `_engine.ts`, without it) instead of a dozen tfjs ops per weight update,
 * and large fits split their seeds over the cores (`_seed_groups.ts`).
 *
 * @module
 */
import v8 from "node:v8";
import { tf } from "../backend.ts";
import { defineModel, disposeModel } from "./model.ts";
import { epochOrders } from "./fit.ts";
import {
  checkDataset,
  checkFunction,
  checkInteger,
  checkPositive,
  describe,
  rangeFail,
  resolveTrainingOptions,
  type TrainingOptions,
  typeFail,
} from "../_validate.ts";
import { denseWeights, flatParams, type MlpShape, paramCount } from "../_layout.ts";
import { evaluateOp } from "./_engine/kernel.ts";
import type { EpochResult } from "./_engine/js.ts";
import { groupCount, makeGroups } from "./_engine/seed_groups.ts";
import type { Dataset, EpochLog, Evaluation, History, LossKind } from "../types.ts";

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
   * value of the plain `batchSize` or `learningRate` option. Epoch 1's
   * settings are asked for and checked before any work; a later epoch's bad
   * setting stops the fit with the same kind of error. The momentum
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

/** How often a long fit lets the event loop run, in milliseconds. */
const YIELD_MS = 100;

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
  checkMemory(context, seedCount(context, options.seeds), epochs, data);
  const seeds = resolveSeeds(context, options.seeds);
  /** The settings of an epoch: the schedule's, checked, over the plain options. */
  const settingsOf = (epoch: number): ScheduledEpoch =>
    schedule === undefined
      ? { epoch, batchSize, learningRate }
      : resolveSettings(context, schedule, epoch, batchSize, learningRate);
  const first = settingsOf(1);

  const { trainX, trainY, testX, testY } = data;
  const nTrain = trainX.shape[0];
  const k = seeds.length;
  const initial = seeds.map((seed) =>
    initialParams(seed, learningRate, momentum, trainX.shape[1], trainY.shape[1])
  );
  const shape = initial[0].shape;
  const P = paramCount(shape);
  const start = new Float32Array(k * P);
  initial.forEach(({ params }, i) => start.set(params, i * P));

  /** Each seed's shuffles, epoch after epoch: fitModel's for that seed. */
  const shuffles = seeds.map((seed) => epochOrders(nTrain, { seed }));
  const logs: EpochLog[][] = seeds.map(() => []);
  const divergedAt: (number | null)[] = seeds.map(() => null);
  const seconds = new Float64Array(k);
  const final = new Float32Array(k * P);
  /** The settings of every epoch begun, in order. */
  const settings: ScheduledEpoch[] = [];
  let updates = 0;
  /**
   * The groups that train the seeds (one, or one per worker), and for each
   * the indices (into `seeds`) of its seeds still training, in order.
   */
  const groups = makeGroups(data, shape, start, groupCount(k, epochs, nTrain));
  const members: number[][] = [];
  {
    let from = 0;
    for (const group of groups) {
      members.push(Array.from({ length: group.size }, (_, i) => from + i));
      from += group.size;
    }
  }
  /** One permutation of the training rows per seed still training, each group's back to back. */
  const drawOrders = () =>
    members.map((rows) => {
      const order = new Int32Array(rows.length * nTrain);
      rows.forEach((i, row) => order.set(shuffles[i].next().value, row * nTrain));
      return order;
    });
  let orders = drawOrders();
  let yieldedAt = performance.now();
  try {
    for (let epoch = 1; epoch <= epochs && members.some((m) => m.length > 0); epoch++) {
      const began = performance.now();
      const current = epoch === 1 ? first : settingsOf(epoch);
      settings.push(current);
      updates += Math.ceil(nTrain / current.batchSize);
      const groupSettings = {
        batchSize: Math.min(current.batchSize, nTrain),
        learningRate: current.learningRate,
        momentum,
        loss: lossKind,
      };
      groups.forEach((group, g) => {
        if (members[g].length > 0) group.start(orders[g], groupSettings);
      });
      // While the workers train: the next epoch's shuffles. Each seed has its
      // own shuffles (epochOrders), so drawing them early changes nothing; a seed that
      // stops this epoch just leaves its unused one.
      const next = epoch < epochs ? drawOrders() : [];
      const results: (EpochResult | null)[] = groups.map(() => null);
      for (const [g, group] of groups.entries()) {
        if (members[g].length > 0) results[g] = await group.finish();
      }
      const count = members.reduce((sum, m) => sum + m.length, 0);
      const share = (performance.now() - began) / 1000 / count;

      for (const [g, result] of results.entries()) {
        if (result === null) continue;
        const leaving: number[] = [];
        for (const [row, i] of members[g].entries()) {
          seconds[i] += share;
          const record: EpochLog = {
            epoch,
            loss: result.loss[row],
            accuracy: result.accuracy[row],
            valLoss: result.valLoss[row],
            valAccuracy: result.valAccuracy[row],
            seconds: seconds[i],
            updates,
          };
          logs[i].push(record);
          await onEpochEnd?.(record, seeds[i]);
          if (!Number.isFinite(record.loss) || result.finite[row] === 0) {
            divergedAt[i] = epoch;
            leaving.push(row);
          }
        }
        if (leaving.length > 0) {
          const removed = await groups[g].remove(leaving);
          leaving.forEach((row, j) => final.set(removed[j], members[g][row] * P));
          members[g] = members[g].filter((_, row) => !leaving.includes(row));
          if (next.length > 0) {
            next[g] = next[g].filter((_, at) => !leaving.includes(Math.floor(at / nTrain)));
          }
        }
      }
      orders = next;
      if (performance.now() - yieldedAt > YIELD_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        yieldedAt = performance.now();
      }
    }
    for (const [g, group] of groups.entries()) {
      if (members[g].length === 0) continue;
      const values = await group.params();
      members[g].forEach((i, row) => final.set(values.subarray(row * P, (row + 1) * P), i * P));
    }
  } finally {
    for (const group of groups) group.close();
  }

  const train = evaluateAll(trainX, trainY, final, k, shape, lossKind);
  const test = evaluateAll(testX, testY, final, k, shape, lossKind);
  return seeds.map((seed, i) => {
    const history: SeedHistory = {
      batchSize: first.batchSize,
      learningRate: first.learningRate,
      momentum,
      loss: lossKind,
      seed,
      epochs: logs[i],
      divergedAt: divergedAt[i],
      train: train[i],
      test: test[i],
      weights: denseWeights(final.subarray(i * P, (i + 1) * P), shape),
    };
    if (schedule !== undefined) {
      history.schedule = settings.slice(0, logs[i].length).map((s) => ({ ...s }));
    }
    return history;
  });
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

/** Hidden units of `defineModel()`'s network, which `fitSeeds` trains. */
const HIDDEN = 50;
/** JS heap bytes of one epoch record in a history (measured: ~174). */
const RECORD_BYTES = 200;
/** JS heap bytes of one seed besides its records: its shuffle's state, its history's weights. */
const SEED_HEAP_BYTES = 16_000;

/**
 * The memory a fit of `count` seeds would take, by its kind: JS heap (the
 * histories, the shuffles' state) and all of it (with the float32 state
 * outside the heap: weights, accumulators, shuffles and their copies).
 */
export function fitMemory(
  count: number,
  epochs: number,
  shape: { nTrain: number; inputs: number; classes: number },
): { heap: number; total: number } {
  const P = paramCount({ inputs: shape.inputs, hidden: HIDDEN, classes: shape.classes });
  const heap = count * (SEED_HEAP_BYTES + epochs * RECORD_BYTES);
  const outside = count * (4 * P * 8 + 8 * shape.nTrain);
  return { heap, total: heap + outside };
}

/** Bytes in MiB or GiB, for messages. */
function bytesText(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${Number((bytes / 2 ** 30).toPrecision(3)).toLocaleString("en-US")} GiB`
    : `${Math.max(1, Math.round(bytes / 2 ** 20))} MiB`;
}

/**
 * Throws a RangeError, before any work, when `count` seeds' state would not
 * fit: in what is left of V8's heap limit, or in the machine's available memory.
 */
function checkMemory(context: string, count: number, epochs: number, data: Dataset): void {
  const need = fitMemory(count, epochs, {
    nTrain: data.trainX.shape[0],
    inputs: data.trainX.shape[1],
    classes: data.trainY.shape[1],
  });
  const stats = v8.getHeapStatistics();
  const heapLeft = stats.heap_size_limit - stats.used_heap_size;
  const available = availableMemory();
  const [needed, left, where] = need.heap > heapLeft
    ? [need.heap, heapLeft, "left in the JavaScript heap"]
    : [need.total, available, "available on this machine"];
  if (needed > left) {
    throw new RangeError(
      `${context}: ${count} seeds of ${epochs} epochs would need about ${
        bytesText(needed)
      } of memory, more than the ${
        bytesText(Math.max(0, left))
      } ${where}; train fewer seeds at a time`,
    );
  }
}

/** The machine's available memory in bytes; unlimited when it cannot be asked (no --allow-sys). */
function availableMemory(): number {
  try {
    return Deno.systemMemoryInfo().available;
  } catch {
    return Infinity;
  }
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

/** The initial weights of `defineModel({ seed })`, flat in the engine's layout. */
function initialParams(
  seed: number,
  learningRate: number,
  momentum: number,
  inputs: number,
  classes: number,
): { params: Float32Array; shape: MlpShape } {
  const model = defineModel({ seed, learningRate, momentum, inputs, classes });
  try {
    const weights = model.getWeights();
    return {
      params: flatParams(weights),
      shape: { inputs, hidden: weights[0].shape[1]!, classes },
    };
  } finally {
    disposeModel(model);
  }
}

/** Reads and frees tensors. */
function takeValues(tensors: tf.Tensor[]): Float32Array[] {
  try {
    return tensors.map((t) => t.dataSync() as Float32Array);
  } finally {
    tf.dispose(tensors);
  }
}

/** Each model's loss and accuracy on a whole split. */
function evaluateAll(
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  params: Float32Array,
  k: number,
  shape: MlpShape,
  kind: LossKind,
): Evaluation[] {
  const weights = tf.tensor2d(params, [k, paramCount(shape)]);
  try {
    const [loss, accuracy] = takeValues(Object.values(evaluateOp(x, y, weights, shape, kind)));
    return Array.from({ length: k }, (_, i) => ({ loss: loss[i], accuracy: accuracy[i] }));
  } finally {
    weights.dispose();
  }
}
