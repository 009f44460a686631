/**
 * The input of `hessian.ts`' {@linkcode lossGradient} and
 * {@linkcode lossHessian}, read and checked before any work: a network's
 * weights, per layer (`History.weights`) or flat in `_layout.ts`' order, and
 * the examples' features and one-hot targets, as flat float64 arrays.
 *
 * @module
 */
import { layoutOf, type MlpShape } from "../_layout.ts";
import { describe, isObject, rangeFail, typeFail } from "../_validate.ts";
import type { DenseWeights } from "../types.ts";

/** Per-layer weights as one flat array in `_layout.ts`' order, checked: {@linkcode flatWeights}. */
export function flattenDense(context: string, weights: readonly DenseWeights[]): Float64Array {
  const shape = denseShape(context, weights);
  const params = new Float64Array(layoutOf(shape).size);
  let i = 0;
  for (const { kernel, bias } of weights) {
    for (const row of kernel) for (const v of row) params[i++] = v;
    for (const v of bias) params[i++] = v;
  }
  checkFiniteParams(context, params);
  return params;
}

/** The layer sizes of per-layer weights, checked for a 1-hidden-layer network. */
export function denseShape(context: string, weights: unknown): MlpShape {
  if (!Array.isArray(weights) || weights.length !== 2 || !weights.every(isObject)) {
    typeFail(context, `weights must be two dense layers, got ${describe(weights)}`);
  }
  const [first, second] = weights as unknown as DenseWeights[];
  const rows = (name: string, m: unknown, cols: number | undefined): [number, number] => {
    if (!Array.isArray(m) || m.length === 0 || !m.every(Array.isArray)) {
      typeFail(context, `${name} must be a non-empty array of rows, got ${describe(m)}`);
    }
    const width = cols ?? (m[0] as unknown[]).length;
    (m as unknown[][]).forEach((row, i) => {
      if (row.length !== width) {
        rangeFail(context, `${name}[${i}] must have ${width} entries, got ${row.length}`);
      }
    });
    return [m.length, width];
  };
  const vector = (name: string, v: unknown, n: number) => {
    if (!Array.isArray(v) || v.length !== n) {
      rangeFail(context, `${name} must be an array of ${n} numbers, got ${describe(v)}`);
    }
  };
  const [inputs, hidden] = rows("weights[0].kernel", first.kernel, undefined);
  vector("weights[0].bias", first.bias, hidden);
  const [units, classes] = rows("weights[1].kernel", second.kernel, undefined);
  if (units !== hidden) {
    rangeFail(
      context,
      `weights[1].kernel must have one row per hidden unit (${hidden}), got ${units}`,
    );
  }
  vector("weights[1].bias", second.bias, classes);
  return { inputs, hidden, classes };
}

/** Throws unless every parameter is a finite number. */
export function checkFiniteParams(context: string, params: ArrayLike<number>): void {
  for (let i = 0; i < params.length; i++) {
    if (!Number.isFinite(params[i])) {
      rangeFail(context, `weights[${i}] must be a finite number, got ${describe(params[i])}`);
    }
  }
}

/** The examples' features and one-hot targets, checked: flat arrays and their sizes. */
export function checkExamples(
  context: string,
  examples: unknown,
): { x: Float64Array; y: Float64Array; n: number; inputs: number; classes: number } {
  if (!isObject(examples)) {
    typeFail(context, `examples must be an object { x, y }, got ${describe(examples)}`);
  }
  const { x, y } = examples;
  if (!Array.isArray(x) || !Array.isArray(y) || x.length === 0 || x.length !== y.length) {
    rangeFail(
      context,
      `examples.x and examples.y must be non-empty arrays of the same length, got ${
        describe(x)
      } and ${describe(y)}`,
    );
  }
  const n = x.length;
  const inputs = Array.isArray(x[0]) ? x[0].length : 0;
  const classes = Array.isArray(y[0]) ? y[0].length : 0;
  if (inputs < 1) {
    rangeFail(context, `examples.x[0] must be an array of features, got ${describe(x[0])}`);
  }
  if (classes < 2) {
    rangeFail(
      context,
      `examples.y[0] must be a one-hot target of at least 2 classes, got ${describe(y[0])}`,
    );
  }
  const fx = new Float64Array(n * inputs), fy = new Float64Array(n * classes);
  const copy = (name: string, rows: unknown[], width: number, out: Float64Array) =>
    rows.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== width) {
        rangeFail(context, `${name}[${i}] must have ${width} entries, got ${describe(row)}`);
      }
      row.forEach((v: unknown, k) => {
        if (typeof v !== "number" || !Number.isFinite(v)) {
          rangeFail(context, `${name}[${i}][${k}] must be a finite number, got ${describe(v)}`);
        }
        out[i * width + k] = v;
      });
    });
  copy("examples.x", x, inputs, fx);
  copy("examples.y", y, classes, fy);
  return { x: fx, y: fy, n, inputs, classes };
}

/** Flat float64 parameters and the network's shape, from either form of weights. */
export function resolveWeights(
  context: string,
  weights: unknown,
  inputs: number,
  classes: number,
): { params: Float64Array; shape: MlpShape } {
  if (Array.isArray(weights) && weights.length > 0 && typeof weights[0] !== "number") {
    const shape = denseShape(context, weights);
    if (shape.inputs !== inputs || shape.classes !== classes) {
      rangeFail(
        context,
        `weights are for ${shape.inputs} inputs and ${shape.classes} classes, but the examples have ${inputs} and ${classes}`,
      );
    }
    return { params: flattenDense(context, weights as DenseWeights[]), shape };
  }
  const isArrayLike = Array.isArray(weights) ||
    (ArrayBuffer.isView(weights) && !(weights instanceof DataView));
  if (!isArrayLike) {
    typeFail(
      context,
      `weights must be dense layers or a flat array of numbers, got ${describe(weights)}`,
    );
  }
  const flat = weights as ArrayLike<unknown>;
  // inputs·hidden + hidden + hidden·classes + classes parameters.
  const hidden = (flat.length - classes) / (inputs + 1 + classes);
  if (!Number.isInteger(hidden) || hidden < 1) {
    rangeFail(
      context,
      `weights must hold ${
        inputs + 1 + classes
      }·hidden + ${classes} numbers for ${inputs} inputs and ${classes} classes, got ${flat.length}`,
    );
  }
  for (let i = 0; i < flat.length; i++) {
    if (typeof flat[i] !== "number") {
      typeFail(context, `weights[${i}] must be a number, got ${describe(flat[i])}`);
    }
  }
  checkFiniteParams(context, flat as ArrayLike<number>);
  return {
    params: Float64Array.from(flat as ArrayLike<number>),
    shape: { inputs, hidden, classes },
  };
}
