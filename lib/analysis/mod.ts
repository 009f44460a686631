/**
 * Analyses of trained weights on plain float64 numbers, outside tfjs: the
 * network's forward pass and per-example gradients, gradient noise, and the
 * Hessian of the loss with its eigenvalues.
 *
 * Which file does what:
 * - `mlp.ts`: {@linkcode predictProbabilities}, {@linkcode predictClasses} and
 *   {@linkcode perExampleGradients} of trained weights.
 * - `gradient_noise.ts`: {@linkcode gradientStats} and the error of a
 *   minibatch gradient, predicted and measured (notebook 8).
 * - `hessian.ts`: {@linkcode lossGradient} and {@linkcode lossHessian}, exact,
 *   303 × 303 for the tutorial's network (notebook 14); `_weights.ts`
 *   (private) reads and checks the weights and examples they take.
 * - `eigen.ts`: {@linkcode symmetricEigen} and {@linkcode largestEigenvalue},
 *   the sharpness of a minimum.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { largestEigenvalue, lossHessian } from "./mod.ts";
 * const weights = [
 *   { kernel: [[1, -1]], bias: [0, 0] },
 *   { kernel: [[1, 0], [0, 1]], bias: [0, 0] },
 * ];
 * const { hessian } = lossHessian(weights, { x: [[0]], y: [[1, 0]] });
 * assert.ok(Math.abs(largestEigenvalue(hessian) - 0.5) < 1e-12); // the output biases' curvature
 * ```
 *
 * @module
 */
export * from "./mlp.ts";
export * from "./gradient_noise.ts";
export * from "./hessian.ts";
export * from "./eigen.ts";
