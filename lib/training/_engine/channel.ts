/**
 * The shared memory through which the main thread and one
 * `_engine_worker.ts` exchange a seed group's epochs (see `_seed_groups.ts`).
 * A message between threads costs a few hundred µs on this machine, a
 * `SharedArrayBuffer` handed over with `Atomics` about 20 µs, and a fit of
 * 200 epochs makes 200 round trips; so requests and answers go through one
 * buffer:
 *
 * - the main thread writes a request's data, the command into `ctrl[COMMAND]`,
 *   then increments `ctrl[REQUEST]` and notifies;
 * - the worker, waiting on `ctrl[REQUEST]`, carries it out, writes the answer
 *   (or `ctrl[STATUS] = FAILED` and the error's text), sets `ctrl[DONE]` to
 *   the request's number and notifies.
 *
 * This module imports only types, so a worker loads fast.
 *
 * @module
 */
import type { EpochOptions, EpochResult } from "./js.ts";

/** Indices into the control words. */
export const REQUEST = 0, DONE = 1, COMMAND = 2, STATUS = 3;
/** Commands. */
export const EPOCH = 1, REMOVE = 2, PARAMS = 3, STOP = 4;
/** Status after a request. */
export const OK = 0, FAILED = 1;
/** Bytes kept for an error's text. */
const ERROR_BYTES = 2048;

/** Typed views of one group's shared buffer, for `k` models of `P` parameters on `n` training rows. */
export interface Channel {
  buffer: SharedArrayBuffer;
  /** Control words: request number, done number, command, status. */
  ctrl: Int32Array;
  /** Epoch settings: batch size, learning rate, momentum, clipped loss (1) or not (0). */
  settings: Float64Array;
  /** One permutation of the training rows per model still training, back to back. */
  order: Int32Array;
  /** Per model: loss, accuracy, finite flag, validation loss, validation accuracy (k each). */
  results: Float32Array;
  /** Rows to remove: `rows[0]` is the count, the rows follow. */
  rows: Int32Array;
  /** Parameters sent back: every model's, or the removed ones', back to back. */
  params: Float32Array;
  /** The error's text, UTF-8, zero-padded. */
  error: Uint8Array;
}

/** A new buffer (or views of `buffer`) for `k` models of `P` parameters on `n` training rows. */
export function channel(k: number, P: number, n: number, buffer?: SharedArrayBuffer): Channel {
  // Bytes of each part, laid out in this order: settings, float64, starts at byte 16.
  const bytes = {
    ctrl: 16,
    settings: 32,
    order: 4 * k * n,
    results: 20 * k,
    rows: 4 * (k + 1),
    params: 4 * k * P,
    error: ERROR_BYTES,
  };
  const at = {} as Record<keyof typeof bytes, number>;
  let total = 0;
  for (const [part, size] of Object.entries(bytes) as [keyof typeof bytes, number][]) {
    at[part] = total;
    total += size;
  }
  const shared = buffer ?? new SharedArrayBuffer(total);
  return {
    buffer: shared,
    ctrl: new Int32Array(shared, at.ctrl, 4),
    settings: new Float64Array(shared, at.settings, 4),
    order: new Int32Array(shared, at.order, k * n),
    results: new Float32Array(shared, at.results, 5 * k),
    rows: new Int32Array(shared, at.rows, k + 1),
    params: new Float32Array(shared, at.params, k * P),
    error: new Uint8Array(shared, at.error, ERROR_BYTES),
  };
}

/** Writes an error's text into the channel (cut to fit). */
export function writeError(ch: Channel, message: string): void {
  const bytes = new TextEncoder().encode(message).subarray(0, ch.error.length);
  ch.error.fill(0);
  ch.error.set(bytes);
}

/** The error's text in the channel. */
export function readError(ch: Channel): string {
  const end = ch.error.indexOf(0);
  // TextDecoder does not take views of shared memory: copy first.
  return new TextDecoder().decode(ch.error.slice(0, end < 0 ? ch.error.length : end));
}

/** Writes an epoch's request: its settings, and `order` (one permutation per model, back to back). */
export function writeEpoch(ch: Channel, order: Int32Array, options: EpochOptions): void {
  ch.order.set(order);
  ch.settings.set([
    options.batchSize,
    options.learningRate,
    options.momentum,
    options.loss === "clipped" ? 1 : 0,
  ]);
}

/** The epoch request {@linkcode writeEpoch} wrote, for `k` models on `n` training rows. */
export function readEpoch(
  ch: Channel,
  k: number,
  n: number,
): { order: Int32Array; options: EpochOptions } {
  const [batchSize, learningRate, momentum, clipped] = ch.settings;
  const loss = clipped === 1 ? "clipped" : "logits";
  return {
    order: ch.order.subarray(0, k * n),
    options: { batchSize, learningRate, momentum, loss },
  };
}

/** Writes an epoch's results, `k` values each: loss, accuracy, finite, valLoss, valAccuracy. */
export function writeResults(ch: Channel, result: EpochResult): void {
  const { loss, accuracy, finite, valLoss, valAccuracy } = result;
  const k = loss.length;
  [loss, accuracy, finite, valLoss, valAccuracy].forEach((values, i) =>
    ch.results.set(values, i * k)
  );
}

/** The results {@linkcode writeResults} wrote for `k` models, copied out of the channel. */
export function readResults(ch: Channel, k: number): EpochResult {
  const part = (i: number) => ch.results.slice(i * k, (i + 1) * k);
  return {
    loss: part(0),
    accuracy: part(1),
    finite: part(2),
    valLoss: part(3),
    valAccuracy: part(4),
  };
}
