/**
 * The engine behind `fitSeeds` (private): many seeds of the
 * tutorial's MLP trained at once over `Float32Array`s, with tfjs' float32
 * semantics. A map, caller above callee:
 *
 * ```text
 * MAIN THREAD (Deno)
 *   fit_seeds.ts  fitSeeds(data, options)
 *     checks the options, decides every epoch's batch size and learning rate,
 *     initial weights (init.ts), the data as Float32Arrays → a FitPlan
 *     │
 *     ▼
 *   seed_groups.ts  runFit(plan, groups)       yields each epoch's records of all
 *     │                                        seeds, in seed order; fitSeeds calls
 *     │                                        onEpochEnd per seed (awaited), builds
 *     │                                        the histories
 *     ├─ 1 group: core.ts trainFit(engine, plan), one epoch per step, in this thread
 *     └─ 2 groups: postMessage(share of the plan) ──▶ WORKER THREAD (Deno, one per group)
 *                  ◀── the epochs' records (every      worker.ts → core.ts serveFit()
 *                      20 ms), then the result                     → trainFit()
 *
 * core.ts trainFit (any thread; also a browser page, or web_worker.ts in a Web Worker)
 *   each epoch: shuffles (RandomState, data/_random_state.ts) → model_set.ts
 *   Models.epoch: the wasm engine's resident models (wasm_engine.ts), or a
 *   ModelSet → engine.trainEpoch, weights check, engine.evaluateModels
 *   (test split); at the end engine.evaluateModels on both splits
 *     │
 *     ▼
 *   engine: wasm_engine.ts (WebAssembly SIMD, wasm/engine.ts; wasm.ts loads
 *   .build/engine.wasm for Deno, a page passes the bytes) or js.ts (JavaScript)
 * ```
 *
 * - `core.ts`: the engine core. {@linkcode trainFit} trains a whole fit from
 *   a {@linkcode FitPlan} (data, shape, seeds, initial weights, momentum,
 *   loss, every epoch's batch size and learning rate) and yields each
 *   epoch's {@linkcode EpochRecords}; {@linkcode serveFit} is a worker's
 *   body around it. No Deno API and no tfjs in it or anything it imports
 *   (a test checks), so it runs in a browser too.
 * - `init.ts`: `defineModel({ seed })`'s initial weights without tfjs
 *   (seedrandom's `alea`, tfjs-layers' He- and Glorot-uniform), bit for bit.
 * - `js.ts`: the arithmetic in JavaScript (`trainEpoch`, `evaluateModels`,
 *   `batchGradient`); `model_set.ts`: `ModelSet`, the models one thread
 *   trains (an epoch, its validation, the removal of a seed that stops).
 * - `wasm_engine.ts`: the same functions on a compiled `wasm/engine.ts`;
 *   `wasm.ts` loads `.build/engine.wasm` for Deno (`wasmEngine`, `engine`).
 * - `web_worker.ts`: a Web Worker around `serveFit` for a page (sent a plan
 *   and the wasm bytes, it posts the epochs back); Deno's `fitSeeds` uses
 *   `worker.ts` instead, a `node:worker_threads` worker that can be kept
 *   between fits without keeping the process alive.
 * - `seed_groups.ts`: how `fitSeeds` runs a fit: in its own thread, or split
 *   into contiguous groups of seeds, one per worker thread (`worker.ts`),
 *   each training its whole share and streaming its epochs back; the records
 *   of each epoch are put side by side in the order of the seeds.
 *
 * How to use the core outside `fitSeeds` (a page, a Web Worker): `core.ts`'
 * module doc.
 *
 * Workers run whole fits and stream their records instead of training in
 * lockstep with the main thread (one epoch per round trip through shared
 * memory, the main thread blocked in `Atomics.wait` and drawing the next
 * epoch's shuffles), as they did up to commit 7f0d8d9: every epoch's
 * settings are decided before the fit, a worker draws its own seeds'
 * shuffles, and `onEpochEnd` runs on the main thread while the workers go
 * on. Measured in one process, fits of the two designs alternating (so both
 * met the same load; 2 cores, AMD EPYC, load average ~17 from other work,
 * 6 December 2026), the streaming fits took 0.90 to 0.99 of the lockstep
 * fits' wall time (medians of 8 pairs; 10 seeds × 200 epochs at batch 1
 * and 32, 20 seeds at 500, and batch 32 with a callback of 0.1 ms), with
 * CPU times within 8% of each other: the lockstep protocol did not pay.
 *
 * Nothing here is part of the library's public API.
 *
 * @module
 */
export {
  compileWasmEngine,
  createWasmEngine,
  type EpochRecords,
  type FitMessage,
  type FitPlan,
  type FitResult,
  initialWeights,
  jsEngine,
  seededPlan,
  serveFit,
  type SplitScores,
  trainFit,
} from "./core.ts";
export type { WebFitRequest } from "./web_worker.ts";
