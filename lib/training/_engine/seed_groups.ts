/**
 * How {@linkcode fitSeeds} runs a fit on the engine core (`core.ts`): in the
 * calling thread, one epoch at a time, or split into contiguous groups of
 * seeds, one per core, each trained whole by a worker thread (`worker.ts`)
 * that streams its epoch records back. Every seed's arithmetic depends on
 * nothing but its own weights and shuffles, so the results are bit for bit
 * those of one group; {@linkcode runFit} puts the groups' records of each
 * epoch side by side in the order of the seeds.
 *
 * A fit runs in workers only when the WebAssembly engine is there and the
 * work is large enough to repay starting them (~50 ms): see
 * {@linkcode parallelism}.
 *
 * @module
 */
import { Worker as NodeWorker } from "node:worker_threads";
import {
  type EpochRecords,
  type FitMessage,
  type FitPlan,
  type FitResult,
  paramCount,
  trainFit,
} from "./core.ts";
import { engine, wasmEngine, wasmEngineProblem } from "./wasm.ts";

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

/** One seed's record of an epoch. */
export interface SeedRecord {
  /** Index of the seed in the plan's `seeds`. */
  index: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  /** Whether the seed stops after this epoch (its loss or weights are no longer finite). */
  stopped: boolean;
}

/** One epoch of the whole fit: every seed that trained in it, in the order of the seeds. */
export interface FitEpoch {
  epoch: number;
  updates: number;
  /** The epoch's wall time: from the end of the previous epoch (or the fit's start) to the end of this one, in seconds. */
  seconds: number;
  rows: SeedRecord[];
}

/** The seeds' records of one group's epoch, their indices moved by `from`. */
function rowsOf(records: EpochRecords, from: number): SeedRecord[] {
  const stopped = new Set(records.stopped);
  return Array.from(records.seeds, (index, row) => ({
    index: from + index,
    loss: records.loss[row],
    accuracy: records.accuracy[row],
    valLoss: records.valLoss[row],
    valAccuracy: records.valAccuracy[row],
    stopped: stopped.has(index),
  }));
}

/** Whether this process has said that fits train without the WebAssembly engine. */
let warned = false;

/**
 * Says once per process, on stderr, that fits train with the JavaScript
 * engine (several times slower) and why: a learner who pulls a new
 * `wasm/engine.ts` and starts JupyterLab without `deno task setup` would
 * otherwise only see the notebooks slow down. Only a fit says it, not the
 * import of `wasm.ts` (the build tools import it before building).
 */
function warnOnce(): void {
  if (wasmEngineProblem === null || warned) return;
  warned = true;
  console.warn(
    `fitSeeds trains with its JavaScript engine, several times slower than the WebAssembly one: ${wasmEngineProblem}`,
  );
}

/** How often a fit in this thread lets the event loop run, in milliseconds. */
const YIELD_MS = 100;

/**
 * Trains the fit `plan` in `groups` groups (one in this thread when 1, else
 * one per worker thread) and yields each epoch's records of all its seeds,
 * returning the fit's result. Stopping early (`return()`, or a `throw` in
 * the loop consuming it) ends the workers' fits.
 */
export async function* runFit(
  plan: FitPlan,
  groups: number,
): AsyncGenerator<FitEpoch, FitResult, void> {
  warnOnce();
  if (groups <= 1) {
    const fit = trainFit(engine, plan);
    let yieldedAt = performance.now();
    for (let step = fit.next();; step = fit.next()) {
      if (step.done) return step.value;
      const { epoch, updates, seconds } = step.value;
      yield { epoch, updates, seconds, rows: rowsOf(step.value, 0) };
      if (performance.now() - yieldedAt > YIELD_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        yieldedAt = performance.now();
      }
    }
  }
  const P = paramCount(plan.shape);
  const k = plan.seeds.length;
  const starts: number[] = [];
  const fits: WorkerFit[] = [];
  try {
    let lastEnd = performance.timeOrigin + performance.now();
    for (let g = 0, from = 0; g < groups; g++) {
      const to = from + Math.floor(k / groups) + (g < k % groups ? 1 : 0);
      starts.push(from);
      fits.push(
        new WorkerFit({
          ...plan,
          seeds: plan.seeds.slice(from, to),
          initial: plan.initial.slice(from * P, to * P),
        }),
      );
      from = to;
    }
    const results: (FitResult | null)[] = fits.map(() => null);
    for (;;) {
      const epoch: EpochRecords[] = [];
      const rows: SeedRecord[] = [];
      for (const [g, fit] of fits.entries()) {
        if (results[g] !== null) continue;
        const message = await fit.next();
        if (message.kind === "done") {
          results[g] = message.result;
        } else {
          epoch.push(message.records);
          rows.push(...rowsOf(message.records, starts[g]));
        }
      }
      if (epoch.length === 0) break;
      const end = Math.max(...epoch.map((records) => records.endedAt));
      yield {
        epoch: epoch[0].epoch,
        updates: epoch[0].updates,
        seconds: (end - lastEnd) / 1000,
        rows,
      };
      lastEnd = end;
    }
    const merged: FitResult = {
      params: new Float32Array(k * P),
      train: { loss: new Float32Array(k), accuracy: new Float32Array(k) },
      test: { loss: new Float32Array(k), accuracy: new Float32Array(k) },
    };
    results.forEach((result, g) => {
      const { params, train, test } = result!;
      merged.params.set(params, starts[g] * P);
      for (const [split, scores] of [["train", train], ["test", test]] as const) {
        merged[split].loss.set(scores.loss, starts[g]);
        merged[split].accuracy.set(scores.accuracy, starts[g]);
      }
    });
    return merged;
  } finally {
    for (const fit of fits) fit.close();
  }
}

/** What {@linkcode WorkerFit} reads: one epoch's records, the result or the error. */
type WorkerMessage =
  | { kind: "epoch"; records: EpochRecords }
  | Exclude<FitMessage, { kind: "epochs" }>;

/** A share of a fit trained whole by a worker thread, its messages read in order. */
class WorkerFit {
  #worker: NodeWorker;
  /** The messages not yet read, an `epochs` message unpacked into one message per epoch. */
  #inbox: WorkerMessage[] = [];
  #wake: (() => void) | null = null;
  #failed: Error | null = null;
  /** Whether the worker has posted its last message of the fit (its result or error). */
  #finished = false;
  #onMessage = (message: FitMessage) => {
    if (message.kind === "epochs") {
      for (const records of message.records) this.#inbox.push({ kind: "epoch", records });
    } else {
      this.#inbox.push(message);
    }
    this.#wake?.();
  };
  #onError = (error: Error) => {
    this.#failed = new Error(`The fitSeeds worker failed: ${error.message}`);
    this.#wake?.();
  };
  constructor(plan: FitPlan) {
    this.#worker = idleWorkers.pop() ?? startWorker();
    // Keeps the process alive while the fit waits for the worker's messages.
    this.#worker.ref();
    this.#worker.on("message", this.#onMessage);
    this.#worker.on("error", this.#onError);
    this.#worker.postMessage(plan);
  }
  /** The worker's next epoch's records or its result; throws its error. */
  async next(): Promise<Exclude<WorkerMessage, { kind: "error" }>> {
    while (this.#inbox.length === 0 && this.#failed === null) {
      await new Promise<void>((resolve) => this.#wake = resolve);
      this.#wake = null;
    }
    if (this.#failed !== null) throw this.#failed;
    const message = this.#inbox.shift()!;
    if (message.kind !== "epoch") this.#finished = true;
    if (message.kind === "error") throw new Error(message.message);
    return message;
  }
  /**
   * Ends the share: a worker that has finished its fit goes back to the
   * pool; one still training (the fit was stopped early) or failed is
   * terminated.
   */
  close(): void {
    this.#worker.off("message", this.#onMessage);
    this.#worker.off("error", this.#onError);
    if (this.#finished && this.#failed === null) {
      this.#worker.unref();
      idleWorkers.push(this.#worker);
    } else {
      void this.#worker.terminate();
    }
  }
}

/**
 * Worker threads between fits. Starting one costs tens of milliseconds
 * (measured here: 25 to 190 ms), so fits reuse them; they are `unref()`ed
 * between fits, so an idle one never keeps the process alive.
 */
const idleWorkers: NodeWorker[] = [];

function startWorker(): NodeWorker {
  const worker = new NodeWorker(new URL("./worker.ts", import.meta.url));
  worker.unref();
  return worker;
}
