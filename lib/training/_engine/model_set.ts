/**
 * Models trained together by one engine in one thread ({@linkcode ModelSet}):
 * their weights and momentum accumulators, an epoch of training followed by
 * the validation, and the removal of models that stop. The engine core
 * (`core.ts`) trains a fit's seeds as one set.
 *
 * @module
 */
import type { Engine, EpochOptions, Split } from "./js.ts";
import { type MlpShape, paramCount, weightsAreFinite } from "../../_layout.ts";

/** {@linkcode weightsAreFinite} of each of `k` models, as 1 or 0. */
export function finiteFlags(shape: MlpShape, params: Float32Array): Float32Array {
  const k = params.length / paramCount(shape);
  const finite = new Float32Array(k);
  for (let m = 0; m < k; m++) finite[m] = weightsAreFinite(shape, params, m) ? 1 : 0;
  return finite;
}

/** One epoch's results for each model of a {@linkcode ModelSet}, in its order. */
export interface EpochResult {
  loss: Float32Array;
  accuracy: Float32Array;
  /** 1 where the weights pass fitModel's divergence check, else 0. */
  finite: Float32Array;
  valLoss: Float32Array;
  valAccuracy: Float32Array;
}

/**
 * Models trained together by one engine in one thread: their weights and
 * momentum accumulators, an epoch of training followed by the validation, and
 * the removal of models that stop.
 */
export interface Models {
  /** How many models the set holds. */
  readonly size: number;
  /** Every model's parameters, back to back, in tfjs' layout (`_layout.ts`). */
  readonly params: Float32Array;
  /** Trains every model one epoch (`order`: one permutation per model, back to back), then evaluates on the test split. */
  epoch(order: Int32Array, options: EpochOptions): EpochResult;
  /** Drops the models at `rows` (ascending), returning their parameters, in the order of `rows`. */
  remove(rows: readonly number[]): Float32Array[];
}

/**
 * The set of models an engine keeps inside it ({@linkcode Engine}'s
 * `modelSet`, the WebAssembly engine's), or else a {@linkcode ModelSet}
 * over its functions: the same arithmetic either way.
 */
export function modelsOf(
  engine: Engine,
  shape: MlpShape,
  train: Split,
  test: Split,
  start: Float32Array,
): Models {
  return engine.modelSet?.(shape, train, test, start) ??
    new ModelSet(engine, shape, train, test, start);
}

/** {@linkcode Models} over an engine's stateless functions, the weights in JavaScript arrays. */
export class ModelSet implements Models {
  #P: number;
  #params: Float32Array;
  #accumulators: Float32Array;
  constructor(
    readonly engine: Engine,
    readonly shape: MlpShape,
    readonly train: Split,
    readonly test: Split,
    start: Float32Array,
  ) {
    this.#P = paramCount(shape);
    this.#params = Float32Array.from(start);
    this.#accumulators = new Float32Array(start.length);
  }
  /** How many models the set holds. */
  get size(): number {
    return this.#params.length / this.#P;
  }
  /** Every model's parameters, back to back (the set's own array: copy to keep). */
  get params(): Float32Array {
    return this.#params;
  }
  /** Trains every model one epoch (`order`: one permutation per model, back to back), then evaluates on the test split. */
  epoch(order: Int32Array, options: EpochOptions): EpochResult {
    const { engine, shape } = this;
    const k = this.size;
    const [loss, accuracy, valLoss, valAccuracy] = Array.from(
      { length: 4 },
      () => new Float32Array(k),
    );
    engine.trainEpoch(
      shape,
      this.train,
      order,
      this.#params,
      this.#accumulators,
      options,
      loss,
      accuracy,
    );
    const finite = finiteFlags(shape, this.#params);
    engine.evaluateModels(shape, this.test, this.#params, options.loss, valLoss, valAccuracy);
    return { loss, accuracy, finite, valLoss, valAccuracy };
  }
  /** Drops the models at `rows`, returning their parameters, in the order of `rows`. */
  remove(rows: readonly number[]): Float32Array[] {
    const P = this.#P;
    const removed = rows.map((row) => this.#params.slice(row * P, (row + 1) * P));
    const keep = Array.from({ length: this.size }, (_, i) => i).filter((i) => !rows.includes(i));
    const take = (values: Float32Array) => {
      const out = new Float32Array(keep.length * P);
      keep.forEach((row, i) => out.set(values.subarray(row * P, (row + 1) * P), i * P));
      return out;
    };
    this.#params = take(this.#params);
    this.#accumulators = take(this.#accumulators);
    return removed;
  }
}
