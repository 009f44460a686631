/**
 * Input checks shared by the fitting functions: each throws a `RangeError` or
 * `TypeError` that names the option and the bad value, before any work is done.
 *
 * @module
 */
import type { Dataset, LossKind } from "./types.ts";

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

/** Throws unless `value` is an integer (a safe one, below 2^53) at least `min`. */
export function checkInteger(context: string, name: string, value: unknown, min = 1): number {
  if (typeof value !== "number") {
    throw new TypeError(`${context}: ${name} must be a number, got ${describe(value)}`);
  }
  if (!Number.isSafeInteger(value) || value < min) {
    const what = min === 1 ? "a positive integer" : `an integer ≥ ${min}`;
    throw new RangeError(`${context}: ${name} must be ${what}, got ${value}`);
  }
  return value;
}

/** Throws unless `value` is a finite number above zero. */
export function checkPositive(context: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${context}: ${name} must be a number, got ${describe(value)}`);
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${context}: ${name} must be a finite number above 0, got ${value}`);
  }
  return value;
}

/** Throws unless `value` is a number in [0, 1). */
export function checkMomentum(context: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${context}: momentum must be a number, got ${describe(value)}`);
  }
  if (!(value >= 0 && value < 1)) {
    throw new RangeError(`${context}: momentum must be in [0, 1), got ${value}`);
  }
  return value;
}

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

/** Throws unless `value` names a {@linkcode LossKind}. */
export function checkLoss(context: string, value: unknown): LossKind {
  if (typeof value !== "string") {
    throw new TypeError(`${context}: loss must be a string, got ${describe(value)}`);
  }
  if (!LOSSES.includes(value as LossKind)) {
    throw new RangeError(
      `${context}: loss must be "logits" or "clipped", got ${describe(value)}`,
    );
  }
  return value as LossKind;
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

/** A short description of a value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}
