/**
 * The messages between the explorer's page and its training worker. No DOM
 * and no Deno API: both bundles import this file.
 *
 * @module
 */
import type { MlpShape } from "../../_layout.ts";
import type { ExplorerSettings } from "../_config.ts";

/** A labelled split as flat arrays (the engine's `Split`). */
export interface PageSplit {
  x: Float32Array;
  y: Float32Array;
  n: number;
}

/** What the page asks the worker to train. */
export interface FitRequest {
  type: "fit";
  /** Which request this is; every answer carries it. */
  id: number;
  /** The engine, `.build/engine.wasm`'s bytes (the worker compiles them). */
  wasm: Uint8Array;
  shape: MlpShape;
  train: PageSplit;
  test: PageSplit;
  /** The setting (its `seeds` is the count of the whole fit; this worker trains `seeds` below). */
  settings: ExplorerSettings;
  /** The seeds this worker trains (a run of `0 … settings.seeds − 1`), from `defineModel({ seed })`'s weights. */
  seeds: number[];
}

/**
 * The four figures of an epoch record (`loss`, `accuracy`, `valLoss`,
 * `valAccuracy`), in this order. A worker sends each as the sum, min and max
 * over its seeds that trained that epoch, then how many did; the page turns
 * the parts' sums into the mean over all seeds.
 */
export const METRICS = ["loss", "accuracy", "valLoss", "valAccuracy"] as const;
/** Numbers per epoch in {@linkcode EpochsMessage.values}: per metric sum (mean, in the page), min, max; then the seeds counted. */
export const PER_EPOCH = METRICS.length * 3 + 1;

/** Epochs trained since the last message. */
export interface EpochsMessage {
  type: "epochs";
  id: number;
  /** The first epoch in `values` (1-based). */
  from: number;
  /** {@linkcode PER_EPOCH} numbers per epoch. */
  values: Float64Array;
}

/** The fit is over: each seed's final evaluation, as `fitSeeds`' histories hold it. */
export interface DoneMessage {
  type: "done";
  id: number;
  /** Per seed of the request, in order. */
  trainAccuracy: Float32Array;
  trainLoss: Float32Array;
  testAccuracy: Float32Array;
  testLoss: Float32Array;
  /** Per seed: the epoch it diverged at, or 0. */
  divergedAt: Int32Array;
  /** Wall time of the fit in the worker, milliseconds. */
  milliseconds: number;
}

/** The fit failed. */
export interface FailedMessage {
  type: "failed";
  id: number;
  message: string;
}

/** What the worker sends. */
export type WorkerMessage = EpochsMessage | DoneMessage | FailedMessage;
