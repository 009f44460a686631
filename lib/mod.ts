/**
 * Batch-size notebooks for Deno: the library the notebooks stand on, in seven
 * parts, a folder each with its own `mod.ts` and tour. Every notebook imports
 * from this one module, which re-exports them all.
 *
 * **Data** (`data/`). {@linkcode makeBlobs} is scikit-learn's `make_blobs`,
 * exact to the last digit for an integer `randomState`;
 * {@linkcode prepareData} turns the tutorial's blobs into train and test
 * tensors; {@linkcode kerasReference} reads the runs of the tutorial's own
 * Keras code (committed in `data/keras/`) as histories; {@linkcode tutorial}
 * holds the tutorial's four configurations, its grid of batch sizes and the
 * figures its runs printed.
 *
 * **Model and training** (`training/`). {@linkcode defineModel} builds the
 * tutorial's 2-50-3 MLP, compiled with SGD with momentum on the cross-entropy
 * Keras trains (from the logits; tfjs' clipped `categoricalCrossentropy` with
 * `loss: "clipped"`, see {@linkcode LossKind}); {@linkcode fitModel} trains
 * it with one batch size and returns a {@linkcode History}: one record per
 * epoch, then the final accuracies. {@linkcode fitSeeds} trains the same model
 * for many seeds at once, to float32 agreement with `fitModel`, hundreds of
 * times faster, on the project's own engine (`training/_engine/`, private).
 * {@linkcode sweep} trains grids of batch size × learning rate and
 * {@linkcode measureEpochSeconds} times epochs. Every fitting function takes
 * the {@linkcode TrainingOptions} of `training/options.ts`. {@linkcode train},
 * {@linkcode trainSeeds} and {@linkcode trainSeedTable} (`training/lesson.ts`)
 * are the notebooks' one-line lessons: they fit, show progress, print the
 * result line or the seed table, and draw the curves.
 *
 * **Statistics** (`stats/`): means, intervals and tests over seeds (t
 * distributions from stdlib-js), means over seeds of learning curves, seed
 * tables.
 *
 * **Analysis** (`analysis/`): trained weights on plain numbers. `mlp.ts`
 * evaluates them (predictions, per-example gradients), `gradient_noise.ts`
 * measures the gradient noise of notebook 8, {@linkcode lossHessian} gives the
 * exact Hessian of the training loss (303 × 303 for the tutorial's network),
 * and {@linkcode symmetricEigen} and {@linkcode largestEigenvalue} its
 * eigenvalues: the sharpness of a minimum, in notebook 14.
 *
 * **Charts** (`charts/`): {@linkcode learningCurves}, {@linkcode curveGrid},
 * {@linkcode seedBand} and the rest turn histories into standalone SVG that
 * the Deno kernel shows inline.
 *
 * **Explorer** (`explorer/`): {@linkcode explorer} makes one self-contained
 * HTML output that trains the tutorial's model live in the page, on
 * `fitSeeds`' engine, with controls for the batch size, learning rate,
 * momentum, seeds, epochs and loss (notebooks 3 and 5, `out/explore.html`).
 *
 * **Notebook output** (`notebook/`): {@linkcode progress} shows a long fit's
 * progress in place, {@linkcode say} prints result lines that are never
 * dropped, {@linkcode claim} checks a sentence of the narrative against the
 * numbers it rests on, and {@linkcode showTable} renders a table.
 *
 * At the root, beside this file: `types.ts` (the records every part shares:
 * {@linkcode History}, {@linkcode EpochLog}, {@linkcode Dataset}),
 * `backend.ts` (the one tfjs instance), `_layout.ts` (the network's flat
 * parameter order) and `_validate.ts` (the checks of any value): a bad option
 * throws a `TypeError` or `RangeError` naming the option and the value, before
 * any work.
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

export * from "./types.ts";
export * from "./backend.ts";
export * from "./data/mod.ts";
export * from "./training/mod.ts";
export * from "./stats/mod.ts";
export * from "./analysis/mod.ts";
export * from "./charts/mod.ts";
export * from "./explorer/mod.ts";
export * from "./notebook/mod.ts";
