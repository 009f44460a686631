/**
 * The explorer's training worker (bundled into `.build/explorer_worker.js`
 * and started by the page from a Blob URL, one per core, each with a share
 * of the seeds): trains the seeds of one request
 * with the engine core `fitSeeds` trains with (the same initial weights,
 * shuffles and arithmetic), and sends the sum, min and max of each epoch's
 * records over the seeds as the epochs go, then each seed's final
 * evaluation. A new setting does not wait for this one: the page ends the
 * worker and starts another.
 *
 * @module
 */
import { createWasmEngine, seededPlan, trainFit } from "../../training/_engine/core.ts";
import { type FitRequest, METRICS, PER_EPOCH, type WorkerMessage } from "./protocol.ts";

/** How often the worker sends the epochs trained so far, in milliseconds (the first epoch at once). */
const SEND_MS = 30;

// The worker's global scope; Deno's types do not describe it.
// deno-lint-ignore no-explicit-any
const scope = globalThis as any;

function send(message: WorkerMessage, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** Trains one request, sending its epochs and its result. */
function serve(request: FitRequest): void {
  const { id, settings, shape } = request;
  const began = performance.now();
  const k = request.seeds.length;
  // Each seed from defineModel({ seed })'s weights, as fitSeeds builds its plan.
  const fit = trainFit(
    createWasmEngine(request.wasm),
    seededPlan({
      shape,
      train: request.train,
      test: request.test,
      seeds: request.seeds,
      momentum: settings.momentum,
      loss: settings.loss,
      batchSizes: new Array(settings.epochs).fill(settings.batchSize),
      learningRates: new Array(settings.epochs).fill(settings.learningRate),
    }),
  );
  const divergedAt = new Int32Array(k);
  let pending: number[] = [];
  let from = 1;
  let sentAt = -Infinity;
  const flush = () => {
    if (pending.length === 0) return;
    const values = Float64Array.from(pending);
    send({ type: "epochs", id, from, values }, [values.buffer]);
    from += pending.length / PER_EPOCH;
    pending = [];
    sentAt = performance.now();
  };
  for (let step = fit.next();; step = fit.next()) {
    if (step.done) {
      flush();
      const { train, test } = step.value;
      send({
        type: "done",
        id,
        trainAccuracy: train.accuracy,
        trainLoss: train.loss,
        testAccuracy: test.accuracy,
        testLoss: test.loss,
        divergedAt,
        milliseconds: performance.now() - began,
      });
      return;
    }
    const records = step.value;
    for (const metric of METRICS) {
      let sum = 0, min = Infinity, max = -Infinity;
      for (const v of records[metric]) {
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      pending.push(sum, min, max);
    }
    pending.push(records.seeds.length);
    for (const i of records.stopped) divergedAt[i] = records.epoch;
    if (records.epoch === 1 || performance.now() - sentAt >= SEND_MS) flush();
  }
}

scope.onmessage = (event: MessageEvent<FitRequest>) => {
  try {
    serve(event.data);
  } catch (error) {
    send({
      type: "failed",
      id: event.data.id,
      message: error instanceof Error ? error.message : String(error),
    });
  }
};
