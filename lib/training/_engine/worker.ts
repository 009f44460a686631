/**
 * A worker thread that trains one group of {@linkcode fitSeeds}' seeds with
 * the WebAssembly engine (see `_seed_groups.ts`), as a {@linkcode ModelSet}.
 * Each fit sends it one message, `init`, with the data, the initial weights
 * and a shared buffer (`_channel.ts`); it then waits on that buffer and
 * answers each request there until told to stop, and waits for the next fit.
 * It is a `node:worker_threads` worker because those can be `unref()`ed:
 * kept between fits without keeping the process alive.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import { ModelSet, type Split } from "./js.ts";
import { type MlpShape, paramCount } from "../../_layout.ts";
import { wasmEngine, wasmEngineProblem } from "./wasm.ts";
import {
  channel,
  COMMAND,
  DONE,
  EPOCH,
  FAILED,
  OK,
  PARAMS,
  readEpoch,
  REMOVE,
  REQUEST,
  STATUS,
  STOP,
  writeError,
  writeResults,
} from "./channel.ts";

/** The worker's one message. */
export interface InitMessage {
  shape: MlpShape;
  train: Split;
  test: Split;
  params: Float32Array;
  buffer: SharedArrayBuffer;
}

parentPort!.on("message", (message: InitMessage) => {
  const { shape, train, test, params, buffer } = message;
  const P = paramCount(shape);
  const ch = channel(params.length / P, P, train.n, buffer);
  const set = wasmEngine === null ? null : new ModelSet(wasmEngine, shape, train, test, params);
  let seen = 0;
  for (;;) {
    Atomics.wait(ch.ctrl, REQUEST, seen);
    seen = Atomics.load(ch.ctrl, REQUEST);
    const command = Atomics.load(ch.ctrl, COMMAND);
    if (command === STOP) break;
    let status = OK;
    try {
      if (set === null) throw new Error(`Cannot run the fitSeeds worker: ${wasmEngineProblem}`);
      const k = set.size;
      if (command === EPOCH) {
        const { order, options } = readEpoch(ch, k, train.n);
        writeResults(ch, set.epoch(order, options));
      } else if (command === REMOVE) {
        const removed = set.remove(Array.from(ch.rows.subarray(1, 1 + ch.rows[0])));
        removed.forEach((values, i) => ch.params.set(values, i * P));
      } else if (command === PARAMS) {
        ch.params.set(set.params);
      } else {
        throw new Error(`The fitSeeds worker got an unknown command ${command}`);
      }
    } catch (error) {
      status = FAILED;
      writeError(ch, error instanceof Error ? error.message : String(error));
    }
    Atomics.store(ch.ctrl, STATUS, status);
    Atomics.store(ch.ctrl, DONE, seen);
    Atomics.notify(ch.ctrl, DONE);
  }
  // Stopped: the fit is over; answer it, and wait for the next one.
  Atomics.store(ch.ctrl, DONE, seen);
  Atomics.notify(ch.ctrl, DONE);
});
