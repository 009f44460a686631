/**
 * What every fitting function takes and checks: the {@linkcode TrainingOptions}
 * with their defaults, the dataset's tensors, the loss and the momentum, and
 * whether a fit's history would fit in memory. {@linkcode fitModel},
 * {@linkcode fitSeeds} and {@linkcode defineModel} check their input here;
 * the checks of any value (numbers, strings, arrays, option objects) are in
 * `lib/_validate.ts`, which these are written with.
 *
 * @module
 */
import {
  bytesText,
  checkChoice,
  checkHeapRoom,
  checkInteger,
  checkPositive,
  checkString,
  checkWithin,
  describe,
  rangeFail,
} from "../_validate.ts";
import { paramCount } from "../_layout.ts";
import type { Dataset, LossKind } from "../types.ts";

/** Options every fitting function takes. */
export interface TrainingOptions {
  /** Examples per weight update; required. Above the training set's size it means one batch of everything. */
  batchSize: number;
  /** Passes over the training set; defaults to 200, as in the tutorial. */
  epochs?: number;
  /** Step size of SGD; defaults to 0.01. */
  learningRate?: number;
  /** Momentum of SGD, in [0, 1); defaults to 0.9. */
  momentum?: number;
  /**
   * The cross-entropy to train: `"logits"`, Keras' (the default), or
   * `"clipped"`, tfjs-layers' `categoricalCrossentropy`; see {@linkcode LossKind}.
   */
  loss?: LossKind;
}

/** {@linkcode TrainingOptions} with every default filled in. */
export type ResolvedTrainingOptions = Required<TrainingOptions>;

/** Checks the training options and fills in the tutorial's defaults. */
export function resolveTrainingOptions(
  context: string,
  options: TrainingOptions,
): ResolvedTrainingOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${context}: options must be an object, got ${describe(options)}`);
  }
  const { batchSize, epochs = 200, learningRate = 0.01, momentum = 0.9, loss = "logits" } = options;
  return {
    batchSize: checkInteger(context, "batchSize", batchSize),
    epochs: checkInteger(context, "epochs", epochs),
    learningRate: checkPositive(context, "learningRate", learningRate),
    momentum: checkMomentum(context, momentum),
    loss: checkLoss(context, loss),
  };
}

/** The values of {@linkcode LossKind}. */
const LOSSES: readonly LossKind[] = ["logits", "clipped"];

/** Throws unless `value` is a momentum: a number in [0, 1). */
export function checkMomentum(context: string, value: unknown): number {
  return checkWithin(context, "momentum", value, (v) => v >= 0 && v < 1, "in [0, 1)");
}

/** Throws unless `value` names a {@linkcode LossKind}. */
export function checkLoss(context: string, value: unknown): LossKind {
  checkString(context, "loss", value);
  return checkChoice(context, "loss", value, LOSSES);
}

/** Throws unless the dataset's four tensors are 2-D with matching rows and columns. */
export function checkDataset(context: string, data: Dataset): void {
  if (data === null || typeof data !== "object") {
    throw new TypeError(`${context}: data must be a dataset object, got ${describe(data)}`);
  }
  for (const key of ["trainX", "trainY", "testX", "testY"] as const) {
    const t = data[key];
    if (t === null || typeof t !== "object" || !Array.isArray(t.shape)) {
      throw new TypeError(`${context}: data.${key} must be a tensor, got ${describe(t)}`);
    }
    if (t.isDisposed) throw new TypeError(`${context}: data.${key} has been disposed`);
    if (t.rank !== 2) {
      throw new RangeError(`${context}: data.${key} must be 2-D, got shape [${t.shape}]`);
    }
    if (t.shape[0] < 1 || t.shape[1] < 1) {
      throw new RangeError(`${context}: data.${key} must not be empty, got shape [${t.shape}]`);
    }
  }
  const { trainX, trainY, testX, testY } = data;
  const pairs = [["trainX", trainX, "trainY", trainY], ["testX", testX, "testY", testY]] as const;
  for (const [xName, x, yName, y] of pairs) {
    if (x.shape[0] !== y.shape[0]) {
      throw new RangeError(
        `${context}: data.${xName} and data.${yName} must have the same number of rows, got shapes [${x.shape}] and [${y.shape}]`,
      );
    }
  }
  if (trainX.shape[1] !== testX.shape[1]) {
    throw new RangeError(
      `${context}: data.trainX and data.testX must have the same number of columns, got shapes [${trainX.shape}] and [${testX.shape}]`,
    );
  }
  if (trainY.shape[1] !== testY.shape[1]) {
    throw new RangeError(
      `${context}: data.trainY and data.testY must have the same number of columns, got shapes [${trainY.shape}] and [${testY.shape}]`,
    );
  }
  if (trainY.shape[1] < 2) {
    throw new RangeError(
      `${context}: data.trainY must be one-hot over at least 2 classes, got shape [${trainY.shape}]`,
    );
  }
}

/** Hidden units of `defineModel()`'s network, which the fitting functions train. */
export const HIDDEN = 50;
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

/** What {@linkcode checkMemory} is asked about: a fit of `seeds` seeds of `epochs` epochs on `data`. */
export interface MemoryRequest {
  /** How many seeds train side by side (1 for `fitModel`). */
  seeds: number;
  /** Epochs of each seed, each a record in its history. */
  epochs: number;
  /** The dataset, for its sizes. */
  data: Dataset;
  /**
   * What the message advises to train fewer of: `"seeds"` (`fitSeeds`: the
   * message names the seeds and the epochs) or `"epochs"` (`fitModel`: one run).
   */
  fewer: "seeds" | "epochs";
}

/**
 * Throws a RangeError, before any work, when a fit's state would not fit: in
 * what is left of V8's heap limit, or in the machine's available memory. The
 * message says how much it would need and how much there is.
 */
export function checkMemory(context: string, request: MemoryRequest): void {
  const { seeds, epochs, data, fewer } = request;
  const need = fitMemory(seeds, epochs, {
    nTrain: data.trainX.shape[0],
    inputs: data.trainX.shape[1],
    classes: data.trainY.shape[1],
  });
  const what = fewer === "seeds" ? `${seeds} seeds of ${epochs} epochs` : `${epochs} epochs`;
  const advice = fewer === "seeds" ? "train fewer seeds at a time" : "train fewer epochs";
  checkHeapRoom(context, what, need.heap, advice);
  const left = availableMemory();
  if (need.total > left) {
    rangeFail(
      context,
      `${what} would need about ${bytesText(need.total)} of memory, more than the ${
        bytesText(left)
      } available on this machine; ${advice}`,
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
