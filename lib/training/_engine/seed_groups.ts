/**
 * Groups of seeds that {@linkcode fitSeeds} trains side by side: the seeds
 * are split into contiguous groups, one per core, each trained by its own
 * copy of the engine in a worker thread (`_engine_worker.ts`) and reached
 * through shared memory (`_channel.ts`), while the main thread shuffles for
 * the next epoch, keeps the records and calls back. Every model's arithmetic
 * depends on nothing but its own weights and shuffles, so the results are
 * bit for bit those of one group.
 *
 * A fit runs in workers only when the WebAssembly engine is there and the
 * work is large enough to repay starting them (~50 ms): see
 * {@linkcode parallelism}. Otherwise one local group runs the engine in the
 * calling thread (`ModelSet` of `_engine.ts`).
 *
 * @module
 */
import { Worker as NodeWorker } from "node:worker_threads";
import { tf } from "../../backend.ts";
import { type EpochOptions, type EpochResult, ModelSet, type Split } from "./js.ts";
import { type MlpShape, paramCount } from "../../_layout.ts";
import { engine, wasmEngine } from "./wasm.ts";
import type { InitMessage } from "./worker.ts";
import {
  type Channel,
  channel,
  COMMAND,
  DONE,
  EPOCH,
  FAILED,
  PARAMS,
  readError,
  readResults,
  REMOVE,
  REQUEST,
  STATUS,
  STOP,
  writeEpoch,
} from "./channel.ts";

/** Models trained together. */
export interface SeedGroup {
  /** How many models the group holds now. */
  readonly size: number;
  /**
   * Begins an epoch: trains every model one epoch (`order`: one permutation
   * per model, back to back), then evaluates on the test split. A worker
   * starts at once; the group in this thread works in {@linkcode finish}.
   */
  start(order: Int32Array, options: EpochOptions): void;
  /** The epoch's results for each model of the group, in its order, once done. */
  finish(): Promise<EpochResult>;
  /** Drops the models at `rows` (ascending), returning their parameters (tfjs layout), in order. */
  remove(rows: number[]): Promise<Float32Array[]>;
  /** Every model's parameters, back to back. */
  params(): Promise<Float32Array>;
  /** Ends the fit: returns the group's worker to the pool, or terminates it if it failed. */
  close(): void;
}

/**
 * When fits use workers: at most `workers` of them (default: the cores, up
 * to 2), and only for fits of at least `minWork` sample-steps (seeds ×
 * epochs × training rows) per worker. Tests change it.
 */
export const parallelism: { workers: number; minWork: number } = {
  workers: Math.max(1, Math.min(2, navigator.hardwareConcurrency ?? 1)),
  minWork: 400_000,
};

/** How many groups a fit of `count` seeds gets. */
export function groupCount(count: number, epochs: number, nTrain: number): number {
  if (wasmEngine === null || parallelism.workers < 2) return 1;
  const byWork = Math.floor((count * epochs * nTrain) / parallelism.minWork);
  return Math.max(1, Math.min(parallelism.workers, count, byWork));
}

/** The split of a tensor pair as flat arrays. */
function splitOf(x: tf.Tensor2D, y: tf.Tensor2D): Split {
  return {
    x: Float32Array.from(x.dataSync() as Float32Array),
    y: Float32Array.from(y.dataSync() as Float32Array),
    n: x.shape[0],
  };
}

/** A group trained in this thread: the WebAssembly engine, or the same arithmetic in JavaScript without it. */
class LocalGroup implements SeedGroup {
  #set: ModelSet;
  #next: [Int32Array, EpochOptions] | null = null;
  constructor(shape: MlpShape, train: Split, test: Split, start: Float32Array) {
    this.#set = new ModelSet(engine, shape, train, test, start);
  }
  get size(): number {
    return this.#set.size;
  }
  start(order: Int32Array, options: EpochOptions): void {
    this.#next = [order, options];
  }
  finish(): Promise<EpochResult> {
    const [order, options] = this.#next!;
    this.#next = null;
    return Promise.resolve(this.#set.epoch(order, options));
  }
  remove(rows: number[]): Promise<Float32Array[]> {
    return Promise.resolve(this.#set.remove(rows));
  }
  params(): Promise<Float32Array> {
    return Promise.resolve(Float32Array.from(this.#set.params));
  }
  close(): void {}
}

/** A group trained in a worker thread by the WebAssembly engine, through a shared buffer (`_channel.ts`). */
class WorkerGroup implements SeedGroup {
  #worker: NodeWorker;
  #size: number;
  #P: number;
  #channel: Channel;
  #requests = 0;
  #failed: Error | null = null;
  #onError = (error: Error) => {
    this.#failed = new Error(`The fitSeeds worker failed: ${error.message}`);
  };
  constructor(shape: MlpShape, train: Split, test: Split, start: Float32Array) {
    this.#P = paramCount(shape);
    this.#size = start.length / this.#P;
    this.#channel = channel(this.#size, this.#P, train.n);
    this.#worker = idleWorkers.pop() ?? startWorker();
    this.#worker.on("error", this.#onError);
    const init: InitMessage = { shape, train, test, params: start, buffer: this.#channel.buffer };
    this.#worker.postMessage(init);
  }
  /** Sends a command whose data is already written. */
  #send(command: number): void {
    if (this.#failed !== null) throw this.#failed;
    this.#signal(command);
  }
  #signal(command: number): void {
    const { ctrl } = this.#channel;
    Atomics.store(ctrl, COMMAND, command);
    Atomics.store(ctrl, REQUEST, ++this.#requests);
    Atomics.notify(ctrl, REQUEST);
  }
  /** Resolves when the worker has answered the last command. */
  async #answer(): Promise<void> {
    const { ctrl } = this.#channel;
    const request = this.#requests;
    for (let done = Atomics.load(ctrl, DONE); done < request; done = Atomics.load(ctrl, DONE)) {
      // Blocking: Atomics.waitAsync wakes through the event loop, about a millisecond
      // late (measured). Every 100 ms, let the event loop run, so a dead worker's error arrives.
      if (Atomics.wait(ctrl, DONE, done, 100) === "timed-out") {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      if (this.#failed !== null) throw this.#failed;
    }
    if (Atomics.load(ctrl, STATUS) === FAILED) throw new Error(readError(this.#channel));
  }
  async #ask(command: number): Promise<void> {
    this.#send(command);
    await this.#answer();
  }
  get size(): number {
    return this.#size;
  }
  start(order: Int32Array, options: EpochOptions): void {
    writeEpoch(this.#channel, order, options);
    this.#send(EPOCH);
  }
  async finish(): Promise<EpochResult> {
    await this.#answer();
    return readResults(this.#channel, this.#size);
  }
  async remove(rows: number[]): Promise<Float32Array[]> {
    const ch = this.#channel;
    ch.rows[0] = rows.length;
    ch.rows.set(rows, 1);
    await this.#ask(REMOVE);
    this.#size -= rows.length;
    const P = this.#P;
    return rows.map((_, i) => ch.params.slice(i * P, (i + 1) * P));
  }
  async params(): Promise<Float32Array> {
    await this.#ask(PARAMS);
    return this.#channel.params.slice(0, this.#size * this.#P);
  }
  close(): void {
    // Stop the worker's loop over this fit's buffer; it goes back to waiting
    // for messages, and to the pool, unless it failed.
    this.#signal(STOP);
    this.#worker.off("error", this.#onError);
    if (this.#failed === null) idleWorkers.push(this.#worker);
    else this.#worker.terminate();
  }
}

/**
 * Worker threads between fits. Starting one costs tens of milliseconds
 * (measured here: 25 to 190 ms), so fits reuse them; they are `unref()`ed, so an
 * idle one never keeps the process alive.
 */
const idleWorkers: NodeWorker[] = [];

function startWorker(): NodeWorker {
  const worker = new NodeWorker(new URL("./worker.ts", import.meta.url));
  worker.unref();
  return worker;
}

/**
 * The groups for a fit: `count` contiguous groups of the models in `start`
 * (as even as possible): one in this thread when `count` is 1, else one per
 * worker thread.
 */
export function makeGroups(
  data: { trainX: tf.Tensor2D; trainY: tf.Tensor2D; testX: tf.Tensor2D; testY: tf.Tensor2D },
  shape: MlpShape,
  start: Float32Array,
  count: number,
): SeedGroup[] {
  const train = splitOf(data.trainX, data.trainY);
  const test = splitOf(data.testX, data.testY);
  if (count <= 1) return [new LocalGroup(shape, train, test, start)];
  const P = paramCount(shape);
  const k = start.length / P;
  const groups: SeedGroup[] = [];
  let from = 0;
  for (let g = 0; g < count; g++) {
    const to = from + Math.floor(k / count) + (g < k % count ? 1 : 0);
    groups.push(new WorkerGroup(shape, train, test, start.slice(from * P, to * P)));
    from = to;
  }
  return groups;
}
