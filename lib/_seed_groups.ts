/**
 * Groups of seeds that {@linkcode fitSeeds} trains side by side: the seeds
 * are split into contiguous groups, one per core, each trained by its own
 * copy of the engine in a Web Worker (`_engine_worker.ts`), while the main
 * thread shuffles, keeps the records and calls back. Every model's arithmetic
 * depends on nothing but its own weights and shuffles, so the results are
 * bit for bit those of one group.
 *
 * A fit runs in workers only when the WebAssembly engine is there and the
 * work is large enough to repay starting them (~50 ms): see
 * {@linkcode parallelism}. Otherwise one local group runs the engine as tfjs
 * kernels (`_engine_kernel.ts`) in the calling thread.
 *
 * @module
 */
import { tf } from "./backend.ts";
import { type LossKind, type MlpShape, paramCount, type Split } from "./_engine.ts";
import { evaluateOp, trainEpochOp } from "./_engine_kernel.ts";
import { wasmEngine } from "./_engine_wasm.ts";

/** One epoch's settings for a group. */
export interface GroupEpoch {
  batchSize: number;
  learningRate: number;
  momentum: number;
  loss: LossKind;
}

/** One epoch's results for each model of a group, in its order. */
export interface GroupResult {
  loss: Float32Array;
  accuracy: Float32Array;
  /** 1 where the weights pass fitModel's divergence check, else 0. */
  finite: Float32Array;
  valLoss: Float32Array;
  valAccuracy: Float32Array;
}

/** Models trained together. */
export interface SeedGroup {
  /** How many models the group holds now. */
  readonly size: number;
  /** Trains every model one epoch (`order`: one permutation per model, back to back), then evaluates on the test split. */
  epoch(order: Int32Array, settings: GroupEpoch): Promise<GroupResult>;
  /** Drops the models at `rows` (ascending), returning their parameters (tfjs layout), in order. */
  remove(rows: number[]): Promise<Float32Array[]>;
  /** Every model's parameters, back to back. */
  params(): Promise<Float32Array>;
  /** Frees the group's tensors or worker. */
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

/** Reads and frees tensors. */
function takeValues(tensors: tf.Tensor[]): Float32Array[] {
  try {
    return tensors.map((t) => t.dataSync() as Float32Array);
  } finally {
    tf.dispose(tensors);
  }
}

/** A group trained in this thread by the engine's tfjs kernels, its state in tensors. */
class LocalGroup implements SeedGroup {
  #params: tf.Tensor2D;
  #accumulators: tf.Tensor2D;
  #P: number;
  constructor(
    readonly data: {
      trainX: tf.Tensor2D;
      trainY: tf.Tensor2D;
      testX: tf.Tensor2D;
      testY: tf.Tensor2D;
    },
    readonly shape: MlpShape,
    start: Float32Array,
  ) {
    this.#P = paramCount(shape);
    const k = start.length / this.#P;
    this.#params = tf.tensor2d(start, [k, this.#P]);
    this.#accumulators = tf.zeros([k, this.#P]);
  }
  get size(): number {
    return this.#params.shape[0];
  }
  epoch(order: Int32Array, settings: GroupEpoch): Promise<GroupResult> {
    const { trainX, trainY, testX, testY } = this.data;
    const orderTensor = tf.tensor2d(order, [this.size, trainX.shape[0]], "int32");
    let trained;
    try {
      trained = trainEpochOp(trainX, trainY, orderTensor, this.#params, this.#accumulators, {
        ...this.shape,
        ...settings,
      });
    } finally {
      orderTensor.dispose();
    }
    tf.dispose([this.#params, this.#accumulators]);
    this.#params = trained.params;
    this.#accumulators = trained.accumulators;
    const [loss, accuracy, finite] = takeValues([trained.loss, trained.accuracy, trained.finite]);
    const [valLoss, valAccuracy] = takeValues(
      Object.values(evaluateOp(testX, testY, this.#params, this.shape, settings.loss)),
    );
    return Promise.resolve({ loss, accuracy, finite, valLoss, valAccuracy });
  }
  remove(rows: number[]): Promise<Float32Array[]> {
    const values = this.#params.dataSync() as Float32Array;
    const P = this.#P;
    const removed = rows.map((row) => values.slice(row * P, (row + 1) * P));
    const keep = Array.from({ length: this.size }, (_, i) => i).filter((i) => !rows.includes(i));
    const index = tf.tensor1d(keep, "int32");
    const kept = [tf.gather(this.#params, index), tf.gather(this.#accumulators, index)];
    tf.dispose([index, this.#params, this.#accumulators]);
    [this.#params, this.#accumulators] = kept as tf.Tensor2D[];
    return Promise.resolve(removed);
  }
  params(): Promise<Float32Array> {
    return Promise.resolve(Float32Array.from(this.#params.dataSync() as Float32Array));
  }
  close(): void {
    tf.dispose([this.#params, this.#accumulators]);
  }
}

/** Messages to `_engine_worker.ts`. */
export type WorkerRequest =
  | { kind: "init"; shape: MlpShape; train: Split; test: Split; params: Float32Array }
  | { kind: "epoch"; order: Int32Array; settings: GroupEpoch }
  | { kind: "remove"; rows: number[] }
  | { kind: "params" };

/** A group trained in a Web Worker by the WebAssembly engine. */
class WorkerGroup implements SeedGroup {
  #worker: Worker;
  #size: number;
  #pending: { resolve: (value: unknown) => void; reject: (error: Error) => void } | null = null;
  #failed: Error | null = null;
  constructor(shape: MlpShape, train: Split, test: Split, start: Float32Array) {
    this.#size = start.length / paramCount(shape);
    this.#worker = new Worker(new URL("./_engine_worker.ts", import.meta.url), { type: "module" });
    this.#worker.onmessage = (event: MessageEvent) => {
      const pending = this.#pending;
      this.#pending = null;
      if (event.data?.error !== undefined) pending?.reject(new Error(event.data.error));
      else pending?.resolve(event.data);
    };
    this.#worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.#failed = new Error(`The fitSeeds worker failed: ${event.message}`);
      this.#pending?.reject(this.#failed);
      this.#pending = null;
    };
    this.#post({ kind: "init", shape, train, test, params: start });
  }
  #post(message: WorkerRequest): void {
    this.#worker.postMessage(message);
  }
  #ask<T>(message: WorkerRequest): Promise<T> {
    if (this.#failed !== null) return Promise.reject(this.#failed);
    return new Promise<T>((resolve, reject) => {
      this.#pending = { resolve: resolve as (value: unknown) => void, reject };
      this.#post(message);
    });
  }
  get size(): number {
    return this.#size;
  }
  epoch(order: Int32Array, settings: GroupEpoch): Promise<GroupResult> {
    return this.#ask<GroupResult>({ kind: "epoch", order, settings });
  }
  async remove(rows: number[]): Promise<Float32Array[]> {
    const removed = await this.#ask<Float32Array[]>({ kind: "remove", rows });
    this.#size -= rows.length;
    return removed;
  }
  params(): Promise<Float32Array> {
    return this.#ask<Float32Array>({ kind: "params" });
  }
  close(): void {
    this.#worker.terminate();
  }
}

/**
 * The groups for a fit: `count` contiguous groups of the models in `start`
 * (as even as possible), in workers when `count` is above 1.
 */
export function makeGroups(
  data: { trainX: tf.Tensor2D; trainY: tf.Tensor2D; testX: tf.Tensor2D; testY: tf.Tensor2D },
  shape: MlpShape,
  start: Float32Array,
  count: number,
): SeedGroup[] {
  if (count <= 1) return [new LocalGroup(data, shape, start)];
  const P = paramCount(shape);
  const k = start.length / P;
  const train = splitOf(data.trainX, data.trainY);
  const test = splitOf(data.testX, data.testY);
  const groups: SeedGroup[] = [];
  let from = 0;
  for (let g = 0; g < count; g++) {
    const to = from + Math.floor(k / count) + (g < k % count ? 1 : 0);
    groups.push(new WorkerGroup(shape, train, test, start.slice(from * P, to * P)));
    from = to;
  }
  return groups;
}
