/**
 * Where `fitSeeds`' engine meets subnormal floats (magnitudes below 2⁻¹²⁶ ≈
 * 1.18e-38), which WebAssembly cannot flush to zero and which some CPUs
 * (Intel's especially) compute on a slow path: trains seeds step by step with
 * the engine `fitSeeds` uses (one `trainEpoch` call per update, so the
 * weights and momentum accumulators can be read after every update) and
 * counts, per update and model, the subnormal values among the weights and the
 * accumulators after the update, the batch's gradient (from the engine's
 * `batchGradient`), and, recomputed here in float32 as the engine computes
 * them, the hidden activations, the softmax's `exp` values, the
 * probabilities, the logits' gradients and the products the backward pass
 * multiplies (`h·dz`, `w2·dz`, `x·dh`); and on the test set after each
 * epoch, the activations and `exp` values of the evaluation.
 *
 * A diagnostic, not a benchmark: nothing is timed.
 *
 * ```sh
 * deno run -A tools/subnormals.ts --batch 1 --lr 0.01 --epochs 50 --seeds 3
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { disposeData, prepareData } from "../lib/data/data.ts";
import { defineModel, disposeModel } from "../lib/training/model.ts";
import { epochOrders } from "../lib/training/fit.ts";
import { flatParams, layoutOf, type MlpShape, paramCount } from "../lib/_layout.ts";
import { EXP_CUTOFF, jsEngine, type LossKind, type Split } from "../lib/training/_engine/js.ts";
import { wasmEngine } from "../lib/training/_engine/wasm.ts";

const args = parseArgs({
  options: {
    batch: { type: "string", default: "1" },
    lr: { type: "string", default: "0.01" },
    epochs: { type: "string", default: "20" },
    seeds: { type: "string", default: "3" },
    loss: { type: "string", default: "logits" },
    js: { type: "boolean" },
  },
});
const batchSize = Number(args.values.batch);
const learningRate = Number(args.values.lr);
const epochs = Number(args.values.epochs);
const seedCount = Number(args.values.seeds);
const loss = args.values.loss as LossKind;
const engine = args.values.js === true || wasmEngine === null ? jsEngine : wasmEngine;
/** Whether the wasm engine's 2-input, 3-class fast path (the loss from logits) trains. */
const fastPath = engine === wasmEngine && loss === "logits";

const f32 = Math.fround;
const MIN_NORMAL = 2 ** -126;
const subnormal = (v: number) => v !== 0 && Math.abs(v) < MIN_NORMAL;
function count(values: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < values.length; i++) if (subnormal(values[i])) c++;
  return c;
}

/** The float32 `exp` of the engine's softmax: 0 below the cut-off, as the engine flushes it. */
function exp32(x: number): number {
  return x < EXP_CUTOFF ? 0 : f32(Math.exp(x));
}

const KEYS = [
  "weights",
  "momentum",
  "gradient",
  "hidden",
  "exp",
  "probabilities",
  "dLogits",
  "products",
  "evalHidden",
  "evalExp",
] as const;
type Counts = Record<(typeof KEYS)[number], number>;

/**
 * Forward (and with `y`, backward) pass of one example in float32, counting
 * subnormals into `counts` (`evaluation`: into the eval keys).
 */
function examine(
  shape: MlpShape,
  w: Float32Array,
  x: Float32Array,
  xo: number,
  y: Float32Array | null,
  yo: number,
  scale: number,
  counts: Counts,
) {
  const { inputs: I, hidden: H, classes: C } = shape;
  const L = layoutOf(shape);
  const h = new Float64Array(H);
  for (let j = 0; j < H; j++) {
    let a = w[L.b1 + j];
    for (let i = 0; i < I; i++) a = f32(a + f32(x[xo + i] * w[i * H + j]));
    h[j] = a > 0 ? a : 0;
  }
  const z = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let s = w[L.b2 + c];
    for (let j = 0; j < H; j++) s = f32(s + f32(h[j] * w[L.w2 + j * C + c]));
    z[c] = s;
  }
  const max = Math.max(...z);
  const e = Array.from(z, (v) => exp32(f32(v - max)));
  const sum = f32(e.reduce((a, b) => a + b, 0));
  const p = e.map((v) => f32(v / sum));
  if (y === null) {
    counts.evalHidden += count(h);
    counts.evalExp += count(e) + count(p);
    return;
  }
  counts.hidden += count(h);
  counts.exp += count(e);
  counts.probabilities += count(p);
  const dz = p.map((v, c) => f32(f32(v - y[yo + c]) * scale));
  counts.dLogits += count(dz);
  if (fastPath) {
    // The fast path's softmax is one f32x4 exp whose fourth lane is exp(-Infinity): exp4 clamps
    // it to about 2^-126 (1.17550e-38, normal), divided by the sum it is subnormal, then
    // subtracted and scaled before it is masked out. Where the cut-off is above exp4's clamp,
    // the lane is 0.
    const lane3 = EXP_CUTOFF > -87.33654 ? 0 : f32(1.1754997e-38 / sum);
    counts.probabilities += count([lane3]);
    counts.dLogits += count([lane3, f32(lane3 * scale)]);
  }
  for (let j = 0; j < H; j++) {
    if (!(h[j] > 0)) continue;
    let dh = 0;
    for (let c = 0; c < C; c++) {
      if (subnormal(f32(h[j] * dz[c]))) counts.products++;
      const t = f32(w[L.w2 + j * C + c] * dz[c]);
      if (subnormal(t)) counts.products++;
      dh = f32(dh + t);
    }
    for (let i = 0; i < I; i++) if (subnormal(f32(x[xo + i] * dh))) counts.products++;
  }
}

function splitOf(t: { x: Float32Array; y: Float32Array }, rows: number[], shape: MlpShape): Split {
  const { inputs: I, classes: C } = shape;
  const x = new Float32Array(rows.length * I);
  const y = new Float32Array(rows.length * C);
  rows.forEach((r, i) => {
    x.set(t.x.subarray(r * I, (r + 1) * I), i * I);
    y.set(t.y.subarray(r * C, (r + 1) * C), i * C);
  });
  return { x, y, n: rows.length };
}

const data = prepareData();
try {
  const trainX = data.trainX.dataSync() as Float32Array;
  const trainY = data.trainY.dataSync() as Float32Array;
  const testX = data.testX.dataSync() as Float32Array;
  const testY = data.testY.dataSync() as Float32Array;
  const n = data.trainX.shape[0];
  const total = Object.fromEntries(KEYS.map((k) => [k, 0])) as Counts;
  let steps = 0;
  let stepsWithAny = 0;
  for (let seed = 0; seed < seedCount; seed++) {
    const model = defineModel({ seed, learningRate, loss });
    const params = flatParams(model.getWeights());
    disposeModel(model);
    const shape: MlpShape = { inputs: 2, hidden: params.length === 303 ? 50 : 0, classes: 3 };
    if (paramCount(shape) !== params.length) throw new Error("unexpected model shape");
    const acc = new Float32Array(params.length);
    const orders = epochOrders(n, { seed });
    const out = [new Float32Array(1), new Float32Array(1)];
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = orders.next().value;
      for (let start = 0; start < n; start += batchSize) {
        const rows = order.slice(start, Math.min(start + batchSize, n));
        const split = splitOf({ x: trainX, y: trainY }, rows, shape);
        const counts = Object.fromEntries(KEYS.map((k) => [k, 0])) as Counts;
        for (let r = 0; r < rows.length; r++) {
          examine(shape, params, split.x, r * 2, split.y, r * 3, 1 / rows.length, counts);
        }
        const identity = Int32Array.from(rows, (_, i) => i);
        counts.gradient += count(
          engine.batchGradient(shape, params, split, identity, loss).gradient,
        );
        engine.trainEpoch(
          shape,
          split,
          identity,
          params,
          acc,
          {
            batchSize: rows.length,
            learningRate,
            momentum: 0.9,
            loss,
          },
          out[0],
          out[1],
        );
        counts.weights += count(params);
        counts.momentum += count(acc);
        steps++;
        if (KEYS.some((k) => counts[k] > 0)) stepsWithAny++;
        for (const k of KEYS) total[k] += counts[k];
      }
      const counts = total;
      for (let row = 0; row < data.testX.shape[0]; row++) {
        examine(shape, params, testX, row * 2, null, row * 3, 0, counts);
      }
      void testY;
    }
  }
  console.log(
    `${engine === wasmEngine ? "wasm" : "js"} engine, batch ${batchSize}, lr ${learningRate}, ` +
      `loss ${loss}, ${seedCount} seeds × ${epochs} epochs: ${steps} model-steps, ` +
      `${stepsWithAny} with a subnormal value`,
  );
  console.log("subnormal values per model-step:");
  for (const k of KEYS) console.log(`  ${k.padEnd(14)} ${(total[k] / steps).toFixed(4)}`);
} finally {
  disposeData(data);
}
