/**
 * A worker thread that trains one share of {@linkcode fitSeeds}' seeds: each
 * fit sends it one message, the share's {@linkcode FitPlan}; it trains the
 * whole fit with the engine core (`core.ts`' `serveFit`) on the WebAssembly
 * engine and posts every epoch's records, then the result, and waits for the
 * next fit. It is a `node:worker_threads` worker because those can be
 * `unref()`ed: kept between fits without keeping the process alive.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import { type FitMessage, type FitPlan, serveFit } from "./core.ts";
import { wasmEngine, wasmEngineProblem } from "./wasm.ts";

const post = (message: FitMessage) => parentPort!.postMessage(message);

parentPort!.on("message", (plan: FitPlan) => {
  if (wasmEngine === null) {
    post({ kind: "error", message: `Cannot run the fitSeeds worker: ${wasmEngineProblem}` });
  } else {
    serveFit(wasmEngine, plan, post);
  }
});
