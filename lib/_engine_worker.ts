/**
 * A Web Worker that trains one group of {@linkcode fitSeeds}' seeds with the
 * WebAssembly engine (see `_seed_groups.ts`): it holds the group's weights
 * and accumulators and answers each request of the main thread with one
 * message (`{ error }` when it fails).
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { finiteFlags, type MlpShape, paramCount, type Split } from "./_engine.ts";
import { wasmEngine, wasmEngineProblem } from "./_engine_wasm.ts";
import type { GroupResult, WorkerRequest } from "./_seed_groups.ts";

let shape: MlpShape;
let train: Split;
let test: Split;
let params: Float32Array;
let accumulators: Float32Array;

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  try {
    const engine = wasmEngine;
    if (engine === null) throw new Error(`Cannot run the fitSeeds worker: ${wasmEngineProblem}`);
    const message = event.data;
    const P = () => paramCount(shape);
    const k = () => params.length / P();
    switch (message.kind) {
      case "init":
        ({ shape, train, test, params } = message);
        accumulators = new Float32Array(params.length);
        return;
      case "epoch": {
        const n = k();
        const result: GroupResult = {
          loss: new Float32Array(n),
          accuracy: new Float32Array(n),
          finite: new Float32Array(n),
          valLoss: new Float32Array(n),
          valAccuracy: new Float32Array(n),
        };
        engine.trainEpoch(
          shape,
          train,
          message.order,
          params,
          accumulators,
          message.settings,
          result.loss,
          result.accuracy,
        );
        result.finite = finiteFlags(shape, params);
        engine.evaluateModels(
          shape,
          test,
          params,
          message.settings.loss,
          result.valLoss,
          result.valAccuracy,
        );
        self.postMessage(result);
        return;
      }
      case "remove": {
        const size = P();
        const removed = message.rows.map((row) => params.slice(row * size, (row + 1) * size));
        const keep = Array.from({ length: k() }, (_, i) => i).filter((i) =>
          !message.rows.includes(i)
        );
        const take = (values: Float32Array) => {
          const out = new Float32Array(keep.length * size);
          keep.forEach((row, i) =>
            out.set(values.subarray(row * size, (row + 1) * size), i * size)
          );
          return out;
        };
        params = take(params);
        accumulators = take(accumulators);
        self.postMessage(removed);
        return;
      }
      case "params":
        self.postMessage(params);
        return;
    }
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
