/**
 * The model and its training: the tutorial's 2-50-3 MLP, trained with one
 * batch size the way Keras' `model.fit` does, or from many seeds at once on
 * the project's own engine, and the grids and timings built on them.
 *
 * Which file does what:
 * - `model.ts`: {@linkcode defineModel} builds the MLP, compiled with SGD with
 *   momentum on Keras' cross-entropy from the logits (or tfjs' clipped one,
 *   see {@linkcode LossKind}).
 * - `fit.ts`: {@linkcode fitModel} trains it with tfjs and returns a
 *   {@linkcode History}; {@linkcode epochOrders} states its shuffles.
 * - `fit_seeds.ts`: {@linkcode fitSeeds} trains the same model for many seeds
 *   at once, to float32 agreement with `fitModel`, hundreds of times faster,
 *   on the engine in `_engine/` (private; its own module doc maps it).
 * - `options.ts`: {@linkcode TrainingOptions}, which every fitting function
 *   takes, and the checks of the training input (the options, the dataset,
 *   whether a fit's history fits in memory), in one place.
 * - `sweep.ts`: {@linkcode sweep}, grids of batch size × learning rate.
 * - `timing.ts`: {@linkcode measureEpochSeconds}, what an epoch costs.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { disposeData, prepareData } from "../data/mod.ts";
 * import { fitSeeds } from "./mod.ts";
 * const data = prepareData();
 * const histories = await fitSeeds(data, { batchSize: 500, epochs: 2, seeds: 3 });
 * deepEqual(histories.map((h) => h.seed), [0, 1, 2]); // one history per seed
 * disposeData(data);
 * ```
 *
 * @module
 */
export * from "./model.ts";
export * from "./fit.ts";
export * from "./fit_seeds.ts";
export * from "./lesson.ts";
export { fitMemory, type TrainingOptions } from "./options.ts";
export * from "./sweep.ts";
export * from "./timing.ts";
