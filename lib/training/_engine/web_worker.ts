/**
 * A Web Worker that trains fits with the engine core (`core.ts`), for a
 * browser page such as the explorer, or any host of the Web Worker API
 * (Deno's `Worker`, in the tests). Like `core.ts`, it uses no Deno API and
 * no tfjs; bundle it (esbuild) into the page.
 *
 * Each message to it is a {@linkcode WebFitRequest}: the fit's plan and,
 * when the engine is to be (re)built, the bytes of `.build/engine.wasm` or
 * that module compiled (without them, it trains with the last engine built,
 * or the JavaScript one). It answers with the {@linkcode FitMessage}s of
 * `serveFit`: the epochs' records as they come (every 20 ms), then the
 * result, or the error.
 *
 * ```ts ignore
 * const worker = new Worker(url, { type: "module" });
 * worker.onmessage = ({ data }) => { if (data.kind === "epochs") data.records.forEach(draw); };
 * worker.postMessage({ wasm: bytes, plan: seededPlan({ ... }) });
 * ```
 *
 * A fit runs to its end once started; to stop one early, terminate the
 * worker and start another.
 *
 * @module
 */
import {
  createWasmEngine,
  type Engine,
  type FitMessage,
  type FitPlan,
  jsEngine,
  serveFit,
} from "./core.ts";

/** A message to the worker: a fit, and maybe the WebAssembly engine to train it with. */
export interface WebFitRequest {
  plan: FitPlan;
  /** `.build/engine.wasm`'s bytes or module; absent or `null`: the engine already built. */
  wasm?: BufferSource | WebAssembly.Module | null;
}

/** The worker's global scope, as much of it as this module uses. */
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<WebFitRequest>) => void) | null;
  postMessage(message: FitMessage): void;
};

let engine: Engine = jsEngine;

scope.onmessage = ({ data }) => {
  const post = (message: FitMessage) => scope.postMessage(message);
  if (data.wasm !== undefined && data.wasm !== null) {
    try {
      engine = createWasmEngine(data.wasm);
    } catch (error) {
      post({
        kind: "error",
        message: `Cannot build the WebAssembly engine: ${
          error instanceof Error ? error.message : String(error)
        }`,
      });
      return;
    }
  }
  serveFit(engine, data.plan, post);
};
