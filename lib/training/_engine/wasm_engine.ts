/**
 * The fit engine in WebAssembly SIMD: the functions of
 * `js.ts` (`trainEpoch`, `evaluateModels`, `batchGradient`), with the
 * same arguments and the same semantics, computed by `wasm/engine.ts`
 * (AssemblyScript, compiled by `deno task setup` into `.build/engine.wasm`,
 * see `tools/build_wasm.ts`), four hidden units per `f32x4`.
 *
 * What differs from `js.ts` is only where float32 rounding happens:
 * the hidden pre-activations, the logits (four partial sums, then added
 * pairwise) and the batch sums of the gradients are float32 sums here, as in
 * tfjs' own kernels, where `js.ts` sums in float64 and rounds once; and
 * for the tutorial's shape (2 inputs, 3 classes) with the loss from logits,
 * the softmax is one float32 `exp` over the four lanes (Cephes' `expf`,
 * within about an ulp) and `p = e / sum(e)`, the loss `-y · (z - lse)` with
 * `lse = max + log(sum)` in float32. Other shapes and the clipped loss take
 * `js.ts`' loss code, in float64 from float32 logits. The momentum
 * update, the epoch logs and the evaluation round as tfjs rounds. The tests
 * hold both engines to the same tolerances against tfjs autodiff and
 * `fitModel`.
 *
 * Inside, a model's parameters are laid out with the hidden layer padded to a
 * multiple of 4 and the output kernel transposed. Each call of the three
 * functions converts from and to tfjs' layout and copies the data in; a fit
 * (`core.ts`) trains through the engine's `modelSet` instead, a
 * {@linkcode Models} in an instance of its own that keeps the data, weights
 * and accumulators in its memory from the first epoch to the last (with the
 * shuffles drawn in place by `RandomState.permutationInto`, this took a
 * whole fit at batch 32, ten seeds, from 4.4–4.8 to 3.5–3.9 µs per
 * model-step; three runs each on an AMD EPYC, 2 cores).
 *
 * This module only wraps a compiled module: it reads no file and uses no
 * Deno API, so a browser page can pass in the bytes it embeds. `wasm.ts`
 * reads `.build/engine.wasm` for Deno.
 *
 * @module
 */
import { type Engine, type EpochOptions, rowClasses, type Split } from "./js.ts";
import type { EpochResult, Models } from "./model_set.ts";
import { type MlpShape, paramCount, weightsAreFinite } from "../../_layout.ts";
import type { LossKind } from "../../types.ts";

/** What `wasm/engine.ts` exports. */
interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  useConstantAddresses(on: number): void;
  configure(inputs: number, hiddenPadded: number, classes: number, scratch: number): void;
  setScratchF64(ptr: number): void;
  modelSize(): number;
  scratchSize(inputs: number, hiddenPadded: number, classes: number): number;
  batchGradient(
    w: number,
    x: number,
    y: number,
    labels: number,
    rows: number,
    count: number,
    clipped: number,
  ): number;
  correctCount(): number;
  gradientPtr(): number;
  trainEpoch(
    n: number,
    k: number,
    x: number,
    y: number,
    labels: number,
    order: number,
    params: number,
    acc: number,
    batchSize: number,
    negLr: number,
    momentum: number,
    clipped: number,
    lossOut: number,
    accuracyOut: number,
  ): void;
  evaluate(
    n: number,
    k: number,
    x: number,
    y: number,
    labels: number,
    params: number,
    clipped: number,
    lossOut: number,
    accuracyOut: number,
  ): void;
}

/** The imports the module asks for. */
const IMPORTS = {
  env: {
    abort: () => {
      throw new Error("The fitSeeds wasm engine aborted");
    },
  },
};

/**
 * The engine of a compiled `wasm/engine.ts`: its bytes (compiled here,
 * synchronously: in a browser's main thread, pass a module compiled with
 * `WebAssembly.compile` instead, as browsers refuse large synchronous
 * compiles there) or the module.
 *
 * @param source `.build/engine.wasm`'s bytes, or that module compiled.
 * @param options `constantAddresses: false` (for tests) makes the tutorial's
 * shape train and evaluate in the engine's general passes rather than at the
 * constant addresses it otherwise uses for it (see `wasm/engine.ts`' WORK):
 * the same results, bit for bit, more slowly.
 * @returns The engine; each call makes its own instance (and memory).
 */
export function createWasmEngine(
  source: BufferSource | WebAssembly.Module,
  options: { constantAddresses?: boolean } = {},
): Engine {
  const module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
  const instantiate = () => {
    const w = new WebAssembly.Instance(module, IMPORTS).exports as unknown as Exports;
    if (options.constantAddresses === false) w.useConstantAddresses(0);
    return w;
  };
  return engineOf(instantiate(), instantiate);
}

/** {@linkcode createWasmEngine} compiling asynchronously, as a browser's main thread needs. */
export async function compileWasmEngine(bytes: BufferSource): Promise<Engine> {
  return createWasmEngine(await WebAssembly.compile(bytes));
}

const f32 = Math.fround;

/** Sizes of the padded layout. */
function padded({ inputs: I, hidden: H, classes: C }: MlpShape) {
  const HP = (H + 3) & ~3;
  const C4 = (C + 3) & ~3;
  return { I, H, C, HP, C4, MP: (I + 1 + C) * HP + C4 };
}

/**
 * Lays out `sizes` (bytes) one after the other from the heap base, each at a
 * multiple of 16, growing the memory when needed; configures the scratch.
 */
function layout<K extends string>(
  w: Exports,
  shape: MlpShape,
  sizes: Record<K, number>,
): { offsets: Record<K, number>; f32: Float32Array; i32: Int32Array } {
  const { I, HP, C } = padded(shape);
  const align = (n: number) => (n + 15) & ~15;
  let at = align(w.heapBase());
  const scratch = at;
  at = align(at + 4 * w.scratchSize(I, HP, C));
  const scratchF64 = at;
  at = align(at + 8 * Math.max(C, 4));
  const offsets = {} as Record<K, number>;
  for (const key of Object.keys(sizes) as K[]) {
    offsets[key] = at;
    at = align(at + sizes[key]);
  }
  const have = w.memory.buffer.byteLength;
  if (at > have) w.memory.grow(Math.ceil((at - have) / 65536));
  w.configure(I, HP, C, scratch);
  w.setScratchF64(scratchF64);
  return {
    offsets,
    f32: new Float32Array(w.memory.buffer),
    i32: new Int32Array(w.memory.buffer),
  };
}

/** Copies `k` models from tfjs' layout into the padded one at float index `to` (exported for tests). */
export function toPadded(
  shape: MlpShape,
  src: Float32Array,
  k: number,
  dst: Float32Array,
  to: number,
) {
  const { I, H, C, HP, MP } = padded(shape);
  const P = paramCount(shape);
  dst.fill(0, to, to + k * MP);
  for (let m = 0; m < k; m++) {
    const s = m * P;
    const d = to + m * MP;
    for (let i = 0; i < I; i++) {
      dst.set(src.subarray(s + i * H, s + (i + 1) * H), d + i * HP);
    }
    dst.set(src.subarray(s + I * H, s + I * H + H), d + I * HP);
    const w2 = s + I * H + H;
    for (let j = 0; j < H; j++) {
      for (let c = 0; c < C; c++) dst[d + (I + 1 + c) * HP + j] = src[w2 + j * C + c];
    }
    dst.set(src.subarray(w2 + H * C, w2 + H * C + C), d + (I + 1 + C) * HP);
  }
}

/** Copies `k` models from the padded layout at float index `from` back into tfjs' layout. */
function fromPadded(
  shape: MlpShape,
  src: Float32Array,
  from: number,
  k: number,
  dst: Float32Array,
) {
  const { I, H, C, HP, MP } = padded(shape);
  const P = paramCount(shape);
  for (let m = 0; m < k; m++) {
    const s = from + m * MP;
    const d = m * P;
    for (let i = 0; i < I; i++) dst.set(src.subarray(s + i * HP, s + i * HP + H), d + i * H);
    dst.set(src.subarray(s + I * HP, s + I * HP + H), d + I * H);
    const w2 = d + I * H + H;
    for (let j = 0; j < H; j++) {
      for (let c = 0; c < C; c++) dst[w2 + j * C + c] = src[s + (I + 1 + c) * HP + j];
    }
    dst.set(src.subarray(s + (I + 1 + C) * HP, s + (I + 1 + C) * HP + C), w2 + H * C);
  }
}

/**
 * `model_set.ts`' finiteFlags of `k` models in the padded layout at float index
 * `from`, read where they are. When no parameter's magnitude exceeds 2^100,
 * no float32 sum of a few million of them can overflow, so the model passes
 * weightsAreFinite's check; otherwise (a NaN, an infinity, a huge weight) the
 * check itself decides, on the model copied into tfjs' layout. The same
 * flags, without copying every model out after every epoch (which took about
 * 2 µs a model, a few percent of an epoch at batch 500). Exported for tests.
 */
export function finitePadded(
  shape: MlpShape,
  src: Float32Array,
  from: number,
  k: number,
): Float32Array {
  const { MP } = padded(shape);
  const finite = new Float32Array(k);
  for (let m = 0; m < k; m++) {
    const start = from + m * MP;
    let small = true;
    for (let i = start; i < start + MP; i++) {
      if (!(Math.abs(src[i]) <= 2 ** 100)) {
        small = false;
        break;
      }
    }
    if (small) {
      finite[m] = 1;
    } else {
      const params = new Float32Array(paramCount(shape));
      fromPadded(shape, src, start, 1, params);
      finite[m] = weightsAreFinite(shape, params) ? 1 : 0;
    }
  }
  return finite;
}

/** Puts a split (and its labels) into memory. */
function putSplit(
  shape: MlpShape,
  data: Split,
  mem: { f32: Float32Array; i32: Int32Array },
  at: SplitAt,
) {
  mem.f32.set(data.x.subarray(0, data.n * shape.inputs), at.x >> 2);
  mem.f32.set(data.y.subarray(0, data.n * shape.classes), at.y >> 2);
  mem.i32.set(rowClasses(data.y, data.n, shape.classes), at.labels >> 2);
}

function splitSizes(shape: MlpShape, n: number) {
  return { x: 4 * n * shape.inputs, y: 4 * n * shape.classes, labels: 4 * n };
}

/** Where a split lies in an instance's memory: byte offsets of its features, labels and classes. */
interface SplitAt {
  x: number;
  y: number;
  labels: number;
}

/**
 * The module's `trainEpoch`: `k` models (weights at `at.params`, momentum at
 * `at.acc`) one epoch over the `n` rows at `split`, each in its shuffle at
 * `at.order`; each model's loss and accuracy to `at.loss` and `at.accuracy`.
 */
function trainEpochAt(
  w: Exports,
  n: number,
  k: number,
  split: SplitAt,
  at: { order: number; params: number; acc: number; loss: number; accuracy: number },
  options: EpochOptions,
): void {
  w.trainEpoch(
    n,
    k,
    split.x,
    split.y,
    split.labels,
    at.order,
    at.params,
    at.acc,
    Math.min(options.batchSize, n),
    f32(-options.learningRate),
    f32(options.momentum),
    options.loss === "clipped" ? 1 : 0,
    at.loss,
    at.accuracy,
  );
}

/** The module's `evaluate`: `k` models at `params` on the `n` rows at `split`, to `loss` and `accuracy`. */
function evaluateAt(
  w: Exports,
  n: number,
  k: number,
  split: SplitAt,
  params: number,
  kind: LossKind,
  out: { loss: number; accuracy: number },
): void {
  w.evaluate(
    n,
    k,
    split.x,
    split.y,
    split.labels,
    params,
    kind === "clipped" ? 1 : 0,
    out.loss,
    out.accuracy,
  );
}

/** The engine over one instance's exports; `instantiate` makes another instance (for each set of models). */
function engineOf(w: Exports, instantiate: () => Exports): Engine {
  return {
    modelSet: (shape, train, test, start) =>
      new WasmModels(instantiate(), shape, train, test, start),

    trainEpoch(shape, data, order, params, accumulators, options, loss, accuracy) {
      const { MP } = padded(shape);
      const k = params.length / paramCount(shape);
      const n = data.n;
      const { offsets: at, ...mem } = layout(w, shape, {
        ...splitSizes(shape, n),
        order: 4 * k * n,
        params: 4 * k * MP,
        acc: 4 * k * MP,
        loss: 4 * k,
        accuracy: 4 * k,
      });
      putSplit(shape, data, mem, at);
      mem.i32.set(order.subarray(0, k * n), at.order >> 2);
      toPadded(shape, params, k, mem.f32, at.params >> 2);
      toPadded(shape, accumulators, k, mem.f32, at.acc >> 2);
      trainEpochAt(w, n, k, at, at, options);
      fromPadded(shape, mem.f32, at.params >> 2, k, params);
      fromPadded(shape, mem.f32, at.acc >> 2, k, accumulators);
      loss.set(mem.f32.subarray(at.loss >> 2, (at.loss >> 2) + k));
      accuracy.set(mem.f32.subarray(at.accuracy >> 2, (at.accuracy >> 2) + k));
    },

    evaluateModels(shape, data, params, kind, loss, accuracy) {
      const { MP } = padded(shape);
      const k = params.length / paramCount(shape);
      const { offsets: at, ...mem } = layout(w, shape, {
        ...splitSizes(shape, data.n),
        params: 4 * k * MP,
        loss: 4 * k,
        accuracy: 4 * k,
      });
      putSplit(shape, data, mem, at);
      toPadded(shape, params, k, mem.f32, at.params >> 2);
      evaluateAt(w, data.n, k, at, at.params, kind, at);
      loss.set(mem.f32.subarray(at.loss >> 2, (at.loss >> 2) + k));
      accuracy.set(mem.f32.subarray(at.accuracy >> 2, (at.accuracy >> 2) + k));
    },

    batchGradient(shape, params, data, rows, kind = "logits") {
      const { MP } = padded(shape);
      const { offsets: at, ...mem } = layout(w, shape, {
        ...splitSizes(shape, data.n),
        rows: 4 * rows.length,
        params: 4 * MP,
      });
      putSplit(shape, data, mem, at);
      mem.i32.set(rows, at.rows >> 2);
      toPadded(shape, params, 1, mem.f32, at.params >> 2);
      const total = w.batchGradient(
        at.params,
        at.x,
        at.y,
        at.labels,
        at.rows,
        rows.length,
        kind === "clipped" ? 1 : 0,
      );
      const gradient = new Float32Array(paramCount(shape));
      fromPadded(shape, new Float32Array(w.memory.buffer), w.gradientPtr() >> 2, 1, gradient);
      return {
        loss: f32(total / rows.length),
        accuracy: f32(w.correctCount() / rows.length),
        gradient,
      };
    },
  };
}

/**
 * Models kept in an instance of their own for a whole fit: both splits,
 * every model's weights and momentum accumulators (padded layout) and the
 * epoch's outputs lie in its memory from the start, so an epoch copies in
 * only the shuffles and calls the module twice (training, validation).
 * The arithmetic is `trainEpoch`'s and `evaluateModels`', the same calls.
 */
class WasmModels implements Models {
  #w: Exports;
  #shape: MlpShape;
  #k: number;
  #n: number;
  #nTest: number;
  #train: SplitAt;
  #test: SplitAt;
  #at: Record<
    "order" | "params" | "acc" | "loss" | "accuracy" | "valLoss" | "valAccuracy",
    number
  >;
  #f32: Float32Array;
  #i32: Int32Array;

  constructor(w: Exports, shape: MlpShape, train: Split, test: Split, start: Float32Array) {
    const { MP } = padded(shape);
    const k = start.length / paramCount(shape);
    const n = train.n;
    const trainSizes = splitSizes(shape, n);
    const testSizes = splitSizes(shape, test.n);
    const { offsets: at, ...mem } = layout(w, shape, {
      trainX: trainSizes.x,
      trainY: trainSizes.y,
      trainLabels: trainSizes.labels,
      testX: testSizes.x,
      testY: testSizes.y,
      testLabels: testSizes.labels,
      order: 4 * k * n,
      params: 4 * k * MP,
      acc: 4 * k * MP,
      loss: 4 * k,
      accuracy: 4 * k,
      valLoss: 4 * k,
      valAccuracy: 4 * k,
    });
    this.#train = { x: at.trainX, y: at.trainY, labels: at.trainLabels };
    this.#test = { x: at.testX, y: at.testY, labels: at.testLabels };
    putSplit(shape, train, mem, this.#train);
    putSplit(shape, test, mem, this.#test);
    toPadded(shape, start, k, mem.f32, at.params >> 2);
    mem.f32.fill(0, at.acc >> 2, (at.acc >> 2) + k * MP);
    this.#w = w;
    this.#shape = shape;
    this.#k = k;
    this.#n = n;
    this.#nTest = test.n;
    this.#at = at;
    this.#f32 = mem.f32;
    this.#i32 = mem.i32;
  }

  get size(): number {
    return this.#k;
  }

  get params(): Float32Array {
    const params = new Float32Array(this.#k * paramCount(this.#shape));
    fromPadded(this.#shape, this.#f32, this.#at.params >> 2, this.#k, params);
    return params;
  }

  epoch(order: Int32Array, options: EpochOptions): EpochResult {
    const w = this.#w, at = this.#at, k = this.#k, n = this.#n;
    this.#i32.set(order.subarray(0, k * n), at.order >> 2);
    trainEpochAt(w, n, k, this.#train, at, options);
    const finite = finitePadded(this.#shape, this.#f32, at.params >> 2, k);
    evaluateAt(w, this.#nTest, k, this.#test, at.params, options.loss, {
      loss: at.valLoss,
      accuracy: at.valAccuracy,
    });
    const out = (ptr: number) => this.#f32.slice(ptr >> 2, (ptr >> 2) + k);
    return {
      loss: out(at.loss),
      accuracy: out(at.accuracy),
      finite,
      valLoss: out(at.valLoss),
      valAccuracy: out(at.valAccuracy),
    };
  }

  remove(rows: readonly number[]): Float32Array[] {
    const { MP } = padded(this.#shape);
    const P = paramCount(this.#shape);
    const at = this.#at, v = this.#f32;
    const removed = rows.map((row) => {
      const params = new Float32Array(P);
      fromPadded(this.#shape, v, (at.params >> 2) + row * MP, 1, params);
      return params;
    });
    let kept = 0;
    for (let m = 0; m < this.#k; m++) {
      if (rows.includes(m)) continue;
      if (kept !== m) {
        for (const base of [at.params >> 2, at.acc >> 2]) {
          v.copyWithin(base + kept * MP, base + m * MP, base + (m + 1) * MP);
        }
      }
      kept++;
    }
    this.#k = kept;
    return removed;
  }
}
