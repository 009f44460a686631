/**
 * {@linkcode fitHistory}: the {@linkcode History} of a model trained by hand,
 * one `model.fit` call per epoch (notebooks 3 and 4), read as a
 * {@linkcode fitModel} run is read. Re-exported by `lesson.ts`.
 *
 * @module
 */
import { tf } from "../backend.ts";
import { evaluate } from "./fit.ts";
import { readWeights } from "./model.ts";
import { checkInteger, describe, stringOption, typeFail } from "../_validate.ts";
import { checkDataset } from "./options.ts";
import type { Dataset, EpochLog, History, LossKind } from "../types.ts";

/** Options of {@linkcode fitHistory}. */
export interface FitHistoryOptions {
  /**
   * The seed the model and the shuffles were drawn with, recorded in the history.
   * @default {0}
   */
  seed?: number;
  /**
   * The loss the model was compiled with, recorded in the history.
   * @default {"logits"}
   */
  loss?: LossKind;
}

/**
 * The {@linkcode History} of a model trained by hand, one `model.fit` call per
 * epoch (each on that epoch's shuffle, `epochs: 1`, with `validationData`), as
 * notebooks 3 and 4 train it: each epoch's record from its call's logs
 * (`loss`, `acc`, `val_loss`, `val_acc`), the final model evaluated on both
 * splits, and its weights; so that {@linkcode resultLine},
 * {@linkcode learningCurves} and the claims read it as they read a
 * {@linkcode fitModel} run. Its epochs' `seconds` are `NaN`: nothing timed them.
 *
 * @param model The trained model, compiled with the accuracy metric (do not dispose it before).
 * @param data The data it was trained on.
 * @param fits What each epoch's `model.fit` returned, in order.
 * @param options `seed` (0) and `loss` ("logits"), recorded as they are.
 * @returns The run's history.
 * @throws {TypeError|RangeError} When `fits` is empty or a fit did not run exactly one epoch with validation data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineModel, disposeData, disposeModel, fitHistory, prepareData } from "../mod.ts";
 * const data = prepareData();
 * const model = defineModel({ seed: 0 });
 * const fits = [];
 * for (let epoch = 1; epoch <= 2; epoch++) {
 *   fits.push(await model.fit(data.trainX, data.trainY, {
 *     batchSize: 100,
 *     epochs: 1,
 *     shuffle: false,
 *     validationData: [data.testX, data.testY],
 *   }));
 * }
 * const history = fitHistory(model, data, fits);
 * assert.deepEqual(history.epochs.map((e) => e.updates), [5, 10]); // 500 / 100 a epoch
 * assert.equal(history.batchSize, 100);
 * disposeModel(model);
 * disposeData(data);
 * ```
 */
export function fitHistory(
  model: tf.LayersModel,
  data: Dataset,
  fits: readonly tf.History[],
  options: FitHistoryOptions = {},
): History {
  const context = "Cannot make a history of model.fit";
  if (!(model instanceof tf.LayersModel)) {
    typeFail(context, `model must be a tf.LayersModel, got ${describe(model)}`);
  }
  checkDataset(context, data);
  if (!Array.isArray(fits) || fits.length === 0) {
    throw new RangeError(`${context}: fits must be a non-empty array, got ${describe(fits)}`);
  }
  const seed = checkInteger(context, "seed", options.seed ?? 0, 0);
  const loss = stringOption(context, "loss", options.loss, "logits") as LossKind;
  const nTrain = data.trainX.shape[0];
  let batchSize = 0;
  const epochs: EpochLog[] = fits.map((fit, i) => {
    const logs = fit?.history ?? {};
    const values = ["loss", "acc", "val_loss", "val_acc"].map((key) => logs[key]);
    if (values.some((v) => !Array.isArray(v) || v.length !== 1)) {
      throw new RangeError(
        `${context}: fits[${i}] must be one epoch of model.fit with validationData and the accuracy metric, got the logs ${
          Object.keys(logs).join(", ") || "none"
        }`,
      );
    }
    batchSize = Number(fit.params?.batchSize ?? nTrain);
    const [lossValue, accuracy, valLoss, valAccuracy] = values.map((v) => Number(v[0]));
    return {
      epoch: i + 1,
      loss: lossValue,
      accuracy,
      valLoss,
      valAccuracy,
      seconds: NaN,
      updates: (i + 1) * Math.ceil(nTrain / Math.min(batchSize, nTrain)),
    };
  });
  const config = model.optimizer?.getConfig() as { learningRate?: number; momentum?: number };
  return {
    batchSize,
    learningRate: Number(config?.learningRate),
    momentum: Number(config?.momentum ?? 0),
    loss,
    seed,
    epochs,
    divergedAt: null,
    train: evaluate(model, data.trainX as tf.Tensor2D, data.trainY as tf.Tensor2D),
    test: evaluate(model, data.testX as tf.Tensor2D, data.testY as tf.Tensor2D),
    weights: readWeights(model),
  };
}
