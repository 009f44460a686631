/**
 * The engine of `_engine.ts` as two tfjs kernels, registered for every
 * backend the project runs on (`wasm`, `cpu`), so that many models train
 * inside tfjs with their state in tensors:
 *
 * - {@linkcode TRAIN_EPOCH}: one epoch of `k` models. Inputs `x [n, inputs]`,
 *   `y [n, classes]`, `order [k, n]` (int32), `params [k, P]`,
 *   `accumulators [k, P]`; outputs the new `params` and `accumulators`, the
 *   epoch's `loss [k]` and `accuracy [k]` (tfjs' epoch-log values) and
 *   `finite [k]` (1 where the weights pass `fitModel`'s divergence check:
 *   the float32 sum of their absolute values is finite; else 0).
 * - {@linkcode EVALUATE}: inputs `x`, `y`, `params [k, P]`; outputs `loss [k]`
 *   and `accuracy [k]` of each model on the whole split in one batch.
 *
 * A kernel call reads its inputs once, runs the whole epoch over
 * `Float32Array`s, and writes its outputs once: one call per epoch for all
 * models instead of a dozen tfjs ops per update.
 *
 * @module
 */
import { BACKENDS, tf } from "./backend.ts";
import { evaluateModels, type LossKind, type Split, trainEpoch } from "./_engine.ts";
import { type MlpShape, paramCount, weightsAreFinite } from "./_layout.ts";

/** Name of the kernel that trains one epoch. */
export const TRAIN_EPOCH = "BatchSizeNotebooksTrainEpoch";
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

/** A float32 copy of a tensor's values, safe to modify. */
function readCopy(backend: Backend, info: TensorInfo): Float32Array {
  const values = backend.readSync(info.dataId);
  return new Float32Array(values as Float32Array);
}

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

const trainEpochKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as Backend;
  const shape = shapeOf(attrs!);
  const P = paramCount(shape);
  const { x, y, order, params, accumulators } = inputs as Record<string, TensorInfo>;
  const k = params.shape[0];
  const w = readCopy(b, params);
  const acc = readCopy(b, accumulators);
  const orders = readView(b, order);
  const loss = new Float32Array(k);
  const accuracy = new Float32Array(k);
  trainEpoch(
    shape,
    splitOf(b, x, y),
    orders instanceof Int32Array ? orders : Int32Array.from(orders),
    w,
    acc,
    {
      batchSize: attrs!.batchSize as number,
      learningRate: attrs!.learningRate as number,
      momentum: attrs!.momentum as number,
      loss: attrs!.loss as LossKind,
    },
    loss,
    accuracy,
  );
  const finite = new Float32Array(k);
  for (let m = 0; m < k; m++) finite[m] = weightsAreFinite(shape, w, m) ? 1 : 0;
  return [
    output(b, [k, P], w),
    output(b, [k, P], acc),
    output(b, [k], loss),
    output(b, [k], accuracy),
    output(b, [k], finite),
  ];
};

const evaluateKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as Backend;
  const { x, y, params } = inputs as Record<string, TensorInfo>;
  const k = params.shape[0];
  const loss = new Float32Array(k);
  const accuracy = new Float32Array(k);
  evaluateModels(
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
  for (
    const [kernelName, kernelFunc] of [[TRAIN_EPOCH, trainEpochKernel], [
      EVALUATE,
      evaluateKernel,
    ]] as const
  ) {
    if (tf.getKernel(kernelName, backendName) === undefined) {
      tf.registerKernel({ kernelName, backendName, kernelFunc });
    }
  }
}

/** Layer sizes and training settings passed to {@linkcode trainEpochOp}. */
export interface TrainEpochAttrs extends MlpShape {
  batchSize: number;
  learningRate: number;
  momentum: number;
  loss: LossKind;
}

/** The outputs of {@linkcode trainEpochOp}, all new tensors owned by the caller. */
export interface TrainEpochResult {
  params: tf.Tensor2D;
  accumulators: tf.Tensor2D;
  loss: tf.Tensor1D;
  accuracy: tf.Tensor1D;
  finite: tf.Tensor1D;
}

/**
 * Trains `k` models for one epoch with the {@linkcode TRAIN_EPOCH} kernel.
 * The input tensors are left alone; the outputs are new.
 */
export function trainEpochOp(
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  order: tf.Tensor2D,
  params: tf.Tensor2D,
  accumulators: tf.Tensor2D,
  attrs: TrainEpochAttrs,
): TrainEpochResult {
  const [p, a, loss, accuracy, finite] = tf.engine().runKernel(
    TRAIN_EPOCH,
    { x, y, order, params, accumulators },
    { ...attrs },
  ) as tf.Tensor[];
  return {
    params: p as tf.Tensor2D,
    accumulators: a as tf.Tensor2D,
    loss: loss as tf.Tensor1D,
    accuracy: accuracy as tf.Tensor1D,
    finite: finite as tf.Tensor1D,
  };
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
