/**
 * Batch-size notebooks for Deno: the library the notebooks stand on, in five
 * parts. Every notebook imports from this one module.
 *
 * **Data** (`blobs.ts`, `data.ts`, `keras.ts`, `tutorial.ts`). {@linkcode makeBlobs} is
 * scikit-learn's `make_blobs`, exact to the last digit for an integer
 * `randomState`; {@linkcode prepareData} turns the tutorial's blobs into
 * train and test tensors; {@linkcode kerasReference} reads the runs of the
 * tutorial's own Keras code (committed in `data/keras/`) as histories;
 * {@linkcode tutorial} holds the tutorial's four configurations, its grid of
 * batch sizes and the figures its runs printed.
 *
 * **Model and training** (`model.ts`, `fit.ts`, `fit_seeds.ts`, `mlp.ts`,
 * `gradient_noise.ts`, `hessian.ts`, `eigen.ts`, `backend.ts`). {@linkcode defineModel} builds the
 * tutorial's 2-50-3 MLP, compiled with SGD with momentum on the cross-entropy
 * Keras trains (from the logits; tfjs' clipped `categoricalCrossentropy` with
 * `loss: "clipped"`, see {@linkcode LossKind}); {@linkcode fitModel} trains
 * it with one batch size and returns a {@linkcode History}: one record per
 * epoch, then the final accuracies. {@linkcode fitSeeds} trains the same model
 * for many seeds at once, to float32 agreement with `fitModel`, hundreds of
 * times faster. {@linkcode train}, {@linkcode trainSeeds} and
 * {@linkcode trainSeedTable} (`lesson.ts`) are the notebooks' one-line
 * lessons: they fit, show progress, print the result line or the seed table,
 * and draw the curves. `mlp.ts` evaluates trained weights on plain numbers
 * (predictions, per-example gradients) and `gradient_noise.ts` measures the
 * gradient noise of notebook 8. {@linkcode lossHessian} gives the exact
 * Hessian of the training loss at trained weights (303 × 303 for the
 * tutorial's network), and {@linkcode symmetricEigen} and
 * {@linkcode largestEigenvalue} its eigenvalues: the sharpness of a minimum,
 * in notebook 14.
 *
 * **Statistics** (`stats.ts`, `curves.ts`, `sweep.ts`, `summary.ts`,
 * `timing.ts`): means, intervals and tests over seeds (t distributions from
 * stdlib-js), means over seeds of learning curves, sweeps of batch size ×
 * learning rate, seed tables, epoch timings.
 *
 * **Charts** (`charts/`): {@linkcode learningCurves}, {@linkcode curveGrid},
 * {@linkcode seedBand} and the rest turn histories into standalone SVG that
 * the Deno kernel shows inline.
 *
 * **Notebook output** (`progress.ts`, `claims.ts`, `display.ts`):
 * {@linkcode progress} shows a long fit's progress in place, {@linkcode say}
 * prints result lines that are never dropped, {@linkcode claim} checks a
 * sentence of the narrative against the numbers it rests on, and
 * {@linkcode showTable} renders a table.
 *
 * Input is checked in one place (`_validate.ts`): a bad option throws a
 * `TypeError` or `RangeError` naming the option and the value, before any work.
 *
 * @example
 * ```ts
 * import { match } from "node:assert/strict";
 * import { disposeData, fitModel, prepareData, resultLine } from "./mod.ts";
 * const data = prepareData();
 * const history = await fitModel(data, { batchSize: 32, epochs: 3 });
 * match(resultLine(history), /^Train: 0\.\d{3}, Test: 0\.\d{3}$/); // the tutorial's line
 * disposeData(data);
 * ```
 *
 * @module
 */

// Data
export * from "./data/blobs.ts";
export * from "./data/data.ts";
export * from "./data/keras.ts";
export * from "./data/tutorial.ts";

// Model and training
export * from "./backend.ts";
export * from "./types.ts";
export * from "./training/model.ts";
export * from "./training/fit.ts";
export * from "./training/fit_seeds.ts";
export * from "./training/lesson.ts";
export * from "./analysis/mlp.ts";
export * from "./analysis/gradient_noise.ts";
export * from "./analysis/hessian.ts";
export * from "./analysis/eigen.ts";

// Statistics
export * from "./stats/stats.ts";
export * from "./stats/curves.ts";
export * from "./training/sweep.ts";
export * from "./stats/summary.ts";
export * from "./training/timing.ts";

// Charts
export * from "./charts/mod.ts";

// Notebook output
export * from "./notebook/progress.ts";
export * from "./notebook/claims.ts";
export * from "./notebook/display.ts";
