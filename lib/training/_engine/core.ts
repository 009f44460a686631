/**
 * The engine core: trains a whole fit of many seeds of the tutorial's MLP
 * from plain data, the fit's configuration (every epoch's batch size and
 * learning rate decided before the fit), the seeds and their initial
 * weights, and hands over each epoch's records as they come. It imports no
 * Deno API and no tfjs (nor does anything it imports), so the same module
 * runs in Deno's main thread, in a Deno worker and in a browser's Web
 * Worker or page; `fitSeeds` is built on it, and so is the explorer.
 *
 * ```ts ignore
 * // In a browser, with the bytes of .build/engine.wasm embedded in the page:
 * const engine = await compileWasmEngine(bytes); // or jsEngine
 * const plan = seededPlan({ // each seed starts from defineModel({ seed })'s weights
 *   shape: { inputs: 2, hidden: 50, classes: 3 }, train, test, seeds: [0, 1, 2],
 *   momentum: 0.9, loss: "logits",
 *   batchSizes: Array(200).fill(32), learningRates: Array(200).fill(0.01),
 * });
 * const fit = trainFit(engine, plan);
 * for (let step = fit.next(); ; step = fit.next()) {
 *   if (step.done) { draw(step.value.test.accuracy); break; } // FitResult
 *   draw(step.value); // EpochRecords: this epoch's loss, accuracy, valLoss, valAccuracy per seed
 * }
 * ```
 *
 * `train` and `test` are {@linkcode Split}s: features `x` (`n × inputs`,
 * row-major) and one-hot labels `y` (`n × classes`) as `Float32Array`s.
 * Each step of the generator trains one epoch of every seed still training,
 * so a page can run it in slices between frames, or whole in a worker.
 *
 * @module
 */
import { type Engine, type EpochOptions, jsEngine, type Split } from "./js.ts";
import { modelsOf } from "./model_set.ts";
import { type MlpShape, paramCount } from "../../_layout.ts";
import { RandomState } from "../../data/_random_state.ts";
import type { LossKind } from "../../types.ts";

import { initialWeights } from "./init.ts";

export { compileWasmEngine, createWasmEngine } from "./wasm_engine.ts";
export { alea, initialWeights } from "./init.ts";
export { type Engine, jsEngine, type Split };
export { type MlpShape, paramCount };
export type { LossKind };

/** Everything a fit needs: data, configuration, seeds and initial weights. */
export interface FitPlan {
  /** Layer sizes of every model. */
  shape: MlpShape;
  /** The training split. */
  train: Split;
  /** The test split, on which every epoch is validated. */
  test: Split;
  /**
   * The seeds, in order: seed `s` shuffles every epoch as numpy's
   * `RandomState(s).permutation(train.n)` does, epoch after epoch (as
   * `epochOrders` states). Integers in [0, 2**32 − 1].
   */
  seeds: readonly number[];
  /** Each seed's initial parameters (`_layout.ts`' order), back to back, in the order of `seeds`. */
  initial: Float32Array;
  /** Momentum of SGD, in [0, 1). */
  momentum: number;
  /** Which cross-entropy to train and report. */
  loss: LossKind;
  /** Every epoch's batch size (a positive integer; above `train.n`, one batch of everything): one entry per epoch. */
  batchSizes: ArrayLike<number>;
  /** Every epoch's learning rate (finite, above 0), as many as `batchSizes`. */
  learningRates: ArrayLike<number>;
}

/**
 * A plan whose seeds start from `defineModel({ seed })`'s weights (computed
 * by {@linkcode initialWeights}, bit for bit, without tfjs), as `fitSeeds`'
 * seeds do.
 *
 * @param plan Everything but the initial weights.
 * @returns The plan with each seed's initial weights.
 */
export function seededPlan(plan: Omit<FitPlan, "initial">): FitPlan {
  const P = paramCount(plan.shape);
  const initial = new Float32Array(plan.seeds.length * P);
  plan.seeds.forEach((seed, i) => initial.set(initialWeights(seed, plan.shape), i * P));
  return { ...plan, initial };
}

/** One epoch's records: for each seed that trained in it, in the order of the plan's seeds. */
export interface EpochRecords {
  /** 1-based epoch number. */
  epoch: number;
  /** Weight updates of each seed since the start, this epoch's included. */
  updates: number;
  /** Wall time of the epoch in this thread (training, validation, shuffles), in seconds. */
  seconds: number;
  /** When the epoch ended: `performance.timeOrigin + performance.now()`, in milliseconds. */
  endedAt: number;
  /** Which seeds trained: indices into the plan's `seeds`, ascending. */
  seeds: Int32Array;
  /** Each of those seeds' epoch loss and accuracy, as tfjs' epoch logs report them. */
  loss: Float32Array;
  accuracy: Float32Array;
  /** Each of those seeds' loss and accuracy on the test split after the epoch. */
  valLoss: Float32Array;
  valAccuracy: Float32Array;
  /**
   * The seeds (indices into the plan's `seeds`) that stop after this epoch:
   * their loss or weights became NaN or infinite (`fitModel`'s check).
   */
  stopped: Int32Array;
}

/** Loss and accuracy of every seed on one split. */
export interface SplitScores {
  loss: Float32Array;
  accuracy: Float32Array;
}

/** What a fit ends with, for every seed of the plan, in its order. */
export interface FitResult {
  /** Final parameters, back to back (a stopped seed's are those it stopped with). */
  params: Float32Array;
  /** Evaluation of the final parameters on the training split, in one batch. */
  train: SplitScores;
  /** Likewise on the test split. */
  test: SplitScores;
}

/** The time now, comparable across threads, in milliseconds. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Throws a RangeError when the plan's parts do not fit together. */
function checkPlan(plan: FitPlan): void {
  const fail = (message: string) => {
    throw new RangeError(`Cannot train the fit: ${message}`);
  };
  const { shape, train, test, seeds, initial, batchSizes, learningRates } = plan;
  const P = paramCount(shape);
  for (const [name, split] of [["train", train], ["test", test]] as const) {
    if (
      split.x.length < split.n * shape.inputs || split.y.length < split.n * shape.classes
    ) fail(`${name} holds fewer than ${split.n} rows`);
  }
  if (train.n < 1) fail("the training split is empty");
  if (initial.length !== seeds.length * P) {
    fail(`initial holds ${initial.length} numbers, not ${seeds.length} seeds × ${P}`);
  }
  if (batchSizes.length !== learningRates.length) {
    fail(`${batchSizes.length} batch sizes but ${learningRates.length} learning rates`);
  }
  for (let e = 0; e < batchSizes.length; e++) {
    const b = batchSizes[e];
    const lr = learningRates[e];
    if (!Number.isInteger(b) || b < 1) fail(`epoch ${e + 1}'s batch size is ${b}`);
    if (!Number.isFinite(lr) || lr <= 0) fail(`epoch ${e + 1}'s learning rate is ${lr}`);
  }
}

/**
 * Trains a whole fit, one epoch per step: each step trains every seed still
 * training for one epoch (its batches taken in that epoch's shuffle),
 * validates it on the test split, drops the seeds whose loss or weights are
 * no longer finite, and yields the epoch's records. Once every epoch has
 * trained (or every seed has stopped), it evaluates the final parameters on
 * both splits and returns them.
 *
 * Every seed's arithmetic depends only on its own weights and shuffles, so a
 * seed's results do not depend on which other seeds train beside it: a plan
 * may be split between workers and the parts' results put side by side.
 *
 * @param engine The WebAssembly engine ({@linkcode createWasmEngine}) or {@linkcode jsEngine}.
 * @param plan Data, configuration, seeds and initial weights.
 * @returns A generator of each epoch's records, returning the fit's result.
 * @throws {RangeError} On a plan whose parts do not fit together (at the first step).
 */
export function* trainFit(
  engine: Engine,
  plan: FitPlan,
): Generator<EpochRecords, FitResult, void> {
  checkPlan(plan);
  const { shape, train, test, seeds, momentum, loss: kind, batchSizes, learningRates } = plan;
  const P = paramCount(shape);
  const n = train.n;
  const set = modelsOf(engine, shape, train, test, plan.initial);
  const shuffles = seeds.map((seed) => new RandomState(seed));
  const final = new Float32Array(seeds.length * P);
  /** The seeds still training (indices into `seeds`), in order: the set's rows. */
  let training = seeds.map((_, i) => i);
  let updates = 0;
  for (let e = 0; e < batchSizes.length && training.length > 0; e++) {
    const began = now();
    const order = new Int32Array(training.length * n);
    training.forEach((i, row) =>
      shuffles[i].permutationInto(order.subarray(row * n, (row + 1) * n))
    );
    const options: EpochOptions = {
      batchSize: Math.min(batchSizes[e], n),
      learningRate: learningRates[e],
      momentum,
      loss: kind,
    };
    const result = set.epoch(order, options);
    updates += Math.ceil(n / batchSizes[e]);
    const leaving = training.flatMap((_, row) =>
      !Number.isFinite(result.loss[row]) || result.finite[row] === 0 ? [row] : []
    );
    const records: EpochRecords = {
      epoch: e + 1,
      updates,
      seconds: 0,
      endedAt: 0,
      seeds: Int32Array.from(training),
      loss: result.loss,
      accuracy: result.accuracy,
      valLoss: result.valLoss,
      valAccuracy: result.valAccuracy,
      stopped: Int32Array.from(leaving, (row) => training[row]),
    };
    if (leaving.length > 0) {
      set.remove(leaving).forEach((values, j) => final.set(values, training[leaving[j]] * P));
      training = training.filter((_, row) => !leaving.includes(row));
    }
    records.endedAt = now();
    records.seconds = (records.endedAt - began) / 1000;
    yield records;
  }
  training.forEach((i, row) => final.set(set.params.subarray(row * P, (row + 1) * P), i * P));
  const scores = (split: Split): SplitScores => {
    const loss = new Float32Array(seeds.length);
    const accuracy = new Float32Array(seeds.length);
    engine.evaluateModels(shape, split, final, kind, loss, accuracy);
    return { loss, accuracy };
  };
  return { params: final, train: scores(train), test: scores(test) };
}

/** What a fit's worker posts: the epochs' records as they come, then the result or the error. */
export type FitMessage =
  | { kind: "epochs"; records: EpochRecords[] }
  | { kind: "done"; result: FitResult }
  | { kind: "error"; message: string };

/**
 * How often {@linkcode serveFit} posts the epochs trained since its last
 * post, in milliseconds (the first epoch at once). Posted after every epoch,
 * the messages had cost a ten-seed fit at batch 500 about a sixth of its time
 * (42.8 against 35.0–36.7 µs per model-step; AMD EPYC, 2 cores).
 */
export const POST_MS = 20;

/**
 * Runs a whole fit and posts its epochs' records (the first epoch at once,
 * then those trained each {@linkcode POST_MS} milliseconds, in order), then
 * the result (or the error that stopped it, after the epochs before it):
 * the body of a worker that trains a fit (Deno's `worker.ts`; in a browser,
 * `onmessage = (e) => serveFit(engine, e.data, (m) => postMessage(m))`).
 *
 * @param engine The engine to train with.
 * @param plan The fit.
 * @param post Sends one message to the thread that asked.
 */
export function serveFit(engine: Engine, plan: FitPlan, post: (message: FitMessage) => void): void {
  let pending: EpochRecords[] = [];
  let postedAt = -Infinity;
  const flush = () => {
    if (pending.length > 0) post({ kind: "epochs", records: pending });
    pending = [];
    postedAt = now();
  };
  try {
    const fit = trainFit(engine, plan);
    for (let step = fit.next();; step = fit.next()) {
      if (step.done) {
        flush();
        post({ kind: "done", result: step.value });
        return;
      }
      pending.push(step.value);
      if (now() - postedAt >= POST_MS) flush();
    }
  } catch (error) {
    flush();
    post({ kind: "error", message: error instanceof Error ? error.message : String(error) });
  }
}
