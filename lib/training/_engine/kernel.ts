/**
 * The engine's evaluation as a tfjs kernel, registered for every backend the
 * project runs on (`wasm`, `cpu`), so that models held in tensors are
 * evaluated in one call: {@linkcode EVALUATE} takes `x [n, inputs]`,
 * `y [n, classes]` and `params [k, P]`, and outputs `loss [k]` and
 * `accuracy [k]` of each model on the whole split in one batch.
 *
 * @module
 */
import { BACKENDS, tf } from "../../backend.ts";
import type { LossKind, Split } from "./js.ts";
import type { MlpShape } from "../../_layout.ts";
// WebAssembly SIMD when `.build/engine.wasm` is built and current (`deno task
// setup`), else the same arithmetic in plain JavaScript (`_engine.ts`).
import { engine } from "./wasm.ts";

/** Name of the kernel that evaluates models on a split. */
export const EVALUATE = "BatchSizeNotebooksEvaluate";

type TensorInfo = tf.TensorInfo;
type Backend = tf.KernelBackend & {
  makeOutput?: (
    shape: number[],
    dtype: tf.DataType,
    offset?: number,
    values?: Float32Array,
  ) => TensorInfo;
  makeTensorInfo?: (shape: number[], dtype: tf.DataType, values?: Float32Array) => TensorInfo;
};

/** A tensor's values as numbers without copying where the backend allows it (read only). */
function readView(backend: Backend, info: TensorInfo): Float32Array | Int32Array {
  const values = backend.readSync(info.dataId);
  if (values instanceof Float32Array || values instanceof Int32Array) return values;
  return new Float32Array(values as ArrayLike<number>);
}

/** A new backend tensor holding `values`. */
function output(backend: Backend, shape: number[], values: Float32Array): TensorInfo {
  // cpu (and webgl) have makeTensorInfo; wasm has only makeOutput, which on
  // cpu is another method with other parameters, so ask for makeTensorInfo first.
  if (typeof backend.makeTensorInfo === "function") {
    return backend.makeTensorInfo(shape, "float32", values);
  }
  if (typeof backend.makeOutput === "function") {
    return backend.makeOutput(shape, "float32", undefined, values);
  }
  throw new Error("Cannot run the fitSeeds engine: this tfjs backend cannot make tensors");
}

function shapeOf(attrs: tf.NamedAttrMap): MlpShape {
  return {
    inputs: attrs.inputs as number,
    hidden: attrs.hidden as number,
    classes: attrs.classes as number,
  };
}

function splitOf(backend: Backend, x: TensorInfo, y: TensorInfo): Split {
  return {
    x: readView(backend, x) as Float32Array,
    y: readView(backend, y) as Float32Array,
    n: x.shape[0],
  };
}

const evaluateKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as Backend;
  const { x, y, params } = inputs as Record<string, TensorInfo>;
  const k = params.shape[0];
  const loss = new Float32Array(k);
  const accuracy = new Float32Array(k);
  engine.evaluateModels(
    shapeOf(attrs!),
    splitOf(b, x, y),
    readView(b, params) as Float32Array,
    attrs!.loss as LossKind,
    loss,
    accuracy,
  );
  return [output(b, [k], loss), output(b, [k], accuracy)];
};

for (const backendName of BACKENDS) {
  if (tf.getKernel(EVALUATE, backendName) === undefined) {
    tf.registerKernel({ kernelName: EVALUATE, backendName, kernelFunc: evaluateKernel });
  }
}

/** Loss (of the given kind) and accuracy of `k` models on one split with the {@linkcode EVALUATE} kernel. */
export function evaluateOp(
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  params: tf.Tensor2D,
  shape: MlpShape,
  kind: LossKind,
): { loss: tf.Tensor1D; accuracy: tf.Tensor1D } {
  const [loss, accuracy] = tf.engine().runKernel(EVALUATE, { x, y, params }, {
    ...shape,
    loss: kind,
  }) as tf.Tensor[];
  return { loss: loss as tf.Tensor1D, accuracy: accuracy as tf.Tensor1D };
}
