/**
 * Batch-size notebooks for Deno: the library the notebooks stand on.
 *
 * A short tour, in the order the notebooks use it:
 * - {@linkcode makeBlobs} is scikit-learn's `make_blobs`, exact to the last
 *   digit for an integer `randomState`; {@linkcode prepareData} turns the
 *   tutorial's blobs into train and test tensors.
 * - {@linkcode defineModel} builds the tutorial's 2-50-3 MLP, compiled with
 *   SGD with momentum on the cross-entropy Keras trains (from the logits; tfjs'
 *   clipped `categoricalCrossentropy` with `loss: "clipped"`, see
 *   {@linkcode LossKind}); {@linkcode fitModel} trains it with one batch size and
 *   returns a {@linkcode History}: one record per epoch, then the final
 *   accuracies. {@linkcode fitSeeds} trains the same model for many seeds at
 *   once, to float32 agreement with `fitModel`, hundreds of times faster.
 *   {@linkcode kerasReference} reads the tutorial's own Keras code's runs
 *   (committed in `data/keras/`) as histories, to set beside ours.
 * - The charts ({@linkcode learningCurves}, {@linkcode curveGrid},
 *   {@linkcode seedBand}, …) turn histories into SVG that the Deno kernel
 *   shows inline; {@linkcode progress} and {@linkcode say} show a long fit's
 *   progress in place and print result lines that are never dropped.
 *
 * @example
 * ```ts
 * import { disposeData, fitModel, prepareData } from "./mod.ts";
 * const data = prepareData();
 * const history = await fitModel(data, { batchSize: 32, epochs: 3 });
 * const { train, test } = history;
 * console.log(`Train: ${train.accuracy.toFixed(3)}, Test: ${test.accuracy.toFixed(3)}`);
 * disposeData(data);
 * ```
 *
 * @module
 */
export { backendName, tf } from "./backend.ts";
export { makeBlobs } from "./blobs.ts";
export type { Blobs, MakeBlobsOptions } from "./blobs.ts";
export { disposeData, labelsOf, prepareData } from "./data.ts";
export type { PrepareDataOptions } from "./data.ts";
export { defineModel, disposeModel, readWeights } from "./model.ts";
export type { DefineModelOptions } from "./model.ts";
export { evaluate, fitModel, resultLine } from "./fit.ts";
export type { FitModelOptions, TrainingOptions } from "./fit.ts";
export { fitSeeds } from "./fit_seeds.ts";
export { kerasConfigurations, kerasReference, kerasRuns } from "./keras.ts";
export type { KerasConfiguration, KerasReference } from "./keras.ts";
export { seedSummary, seedTable } from "./summary.ts";
export {
  confidenceInterval,
  correlation,
  mean,
  meanCurve,
  normalQuantile,
  seedsNeeded,
  standardDeviation,
  timeToThreshold,
  tQuantile,
  welchTest,
} from "./stats.ts";
export type {
  ConfidenceInterval,
  ConfidenceOptions,
  EpochMetric,
  SeedsNeededOptions,
  ThresholdCrossing,
  TimeToThresholdOptions,
  WelchTest,
} from "./stats.ts";
export { epochDurations, measureEpochSeconds } from "./timing.ts";
export type { EpochTiming, MeasureEpochSecondsOptions } from "./timing.ts";
export { InterruptedError } from "./progress.ts"; // what Kernel → Interrupt ends a fit with
export { learningRateRange, meanTestAccuracy, median, stepsToTarget, sweep } from "./sweep.ts";
export type { LearningRateRange, SweepCell, SweepOptions } from "./sweep.ts";
export type { SeedSummary, SeedTableRow, Spread } from "./summary.ts";
export type { EpochSettings, FitSeedsOptions, ScheduledEpoch, SeedHistory } from "./fit_seeds.ts";
export * from "./charts/mod.ts";
export { flush, formatEpoch, progress, say } from "./progress.ts";
export { claim, ClaimError, judge, STRICT_CLAIMS } from "./claims.ts";
export type { ClaimOptions, ClaimResult, Figure } from "./claims.ts";
export { markdownTable, show, showTable, textTable } from "./display.ts";
export type { Showable, TableCell } from "./display.ts";
export type { Progress, ProgressOptions } from "./progress.ts";
export {
  EPSILON,
  parameterCount,
  perExampleGradients,
  predictClasses,
  predictProbabilities,
} from "./mlp.ts";
export type { Examples, PerExampleGradientsOptions } from "./mlp.ts";
export {
  gradientStats,
  measuredMinibatchError,
  predictedMinibatchError,
} from "./gradient_noise.ts";
export type { GradientStats, MeasuredErrorOptions } from "./gradient_noise.ts";
export type { Dataset, DenseWeights, EpochLog, Evaluation, History, LossKind } from "./types.ts";
