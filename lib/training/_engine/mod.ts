/**
 * The engine behind `fitSeeds` (private): many seeds of the
 * tutorial's MLP trained at once over `Float32Array`s, with tfjs' float32
 * semantics. A map, caller above callee:
 *
 * ```text
 * main thread (Deno)                          worker thread (Deno)        browser page / Web Worker
 * ──────────────────                          ────────────────────        ─────────────────────────
 * fit_seeds.ts  fitSeeds()                                                 (the explorer's script)
 *   checks options; every epoch's settings;
 *   initial weights (init.ts); data to Float32Arrays
 *   │
 *   ▼
 * seed_groups.ts  runFit()  ── one group ──▶ core.ts trainFit(), in this thread
 *   │             ── 2 groups ─ postMessage(FitPlan) ─▶ worker.ts
 *   │                                           │  core.ts serveFit()      core.ts serveFit() / trainFit()
 *   │  ◀── each epoch's records, then the result ┘     │                        │
 *   ▼                                                   ▼                        ▼
 * onEpochEnd, once per seed per epoch,          trainFit(): shuffles       compileWasmEngine(bytes) or
 * in seed order, awaited; the histories         (RandomState), ModelSet   createWasmEngine(module),
 *                                               (js.ts) per epoch, final  jsEngine; initialWeights()
 *                                               evaluation
 *                                                       │
 *                                                       ▼
 *                                 wasm_engine.ts (WebAssembly SIMD, wasm/engine.ts)  or  js.ts (JavaScript)
 *                                 wasm.ts reads .build/engine.wasm for Deno
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
 *   `batchGradient`) and `ModelSet`, the models one thread trains.
 * - `wasm_engine.ts`: the same functions on a compiled `wasm/engine.ts`;
 *   `wasm.ts` loads `.build/engine.wasm` for Deno (`wasmEngine`, `engine`).
 * - `seed_groups.ts`: how `fitSeeds` runs a fit: in its own thread, or split
 *   into contiguous groups of seeds, one per worker thread (`worker.ts`),
 *   each training its whole share and streaming its epochs back; the records
 *   of each epoch are put side by side in the order of the seeds.
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
  serveFit,
  type SplitScores,
  trainFit,
} from "./core.ts";
