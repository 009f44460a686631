import assert from "node:assert/strict";
import { tf } from "../../lib/backend.ts";
import { defineModel, disposeModel, readWeights } from "../../lib/training/model.ts";
import {
  parameterCount,
  perExampleGradients,
  predictClasses,
  predictProbabilities,
} from "../../lib/analysis/mlp.ts";
import {
  gradientStats,
  measuredMinibatchError,
  predictedMinibatchError,
} from "../../lib/analysis/gradient_noise.ts";
import { disposeData, prepareData } from "../../lib/data/data.ts";
import { fitModel } from "../../lib/training/fit.ts";
import type { LossKind } from "../../lib/types.ts";

/** tfjs autodiff of one example's loss, through the loss a model of that kind is compiled with. */
function tfjsGradient(model: tf.LayersModel, kind: LossKind, x: number[], y: number[]): number[] {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return tf.tidy(() => {
    const output = () => model.predict(tf.tensor2d([x])) as tf.Tensor;
    const { grads } = tf.variableGrads(
      () =>
        (kind === "logits"
          ? tf.losses.softmaxCrossEntropy(tf.tensor2d([y]), output())
          : tf.mean(tf.metrics.categoricalCrossentropy(tf.tensor2d([y]), output()))) as tf.Scalar,
      variables,
    );
    return variables.flatMap((v) => Array.from(grads[v.name].dataSync()));
  });
}

Deno.test("perExampleGradients() agrees with tfjs autodiff, trained or not", async () => {
  const data = prepareData({ nSamples: 60, nTrain: 30 });
  const x = data.trainX.arraySync(), y = data.trainY.arraySync();
  try {
    // A fresh model, and one trained hard enough that some probabilities saturate.
    for (
      const [learningRate, kind] of [[0, "logits"], [0.5, "logits"], [0, "clipped"], [
        0.5,
        "clipped",
      ]] as const
    ) {
      const model = defineModel({ seed: 5, loss: kind });
      if (learningRate > 0) {
        model.optimizer = tf.train.momentum(learningRate, 0.9);
        // Not shuffled: tfjs shuffles with Math.random, which would train another model each run.
        await model.fit(data.trainX, data.trainY, {
          epochs: 30,
          batchSize: 5,
          shuffle: false,
          verbose: 0,
        });
      }
      const weights = readWeights(model);
      assert.equal(parameterCount(weights), 303);
      const ours = perExampleGradients(weights, { x, y }, { loss: kind });
      for (let i = 0; i < x.length; i++) {
        const theirs = tfjsGradient(model, kind, x[i], y[i]);
        const scale = Math.max(1e-3, ...theirs.map(Math.abs));
        theirs.forEach((v, k) => {
          assert.ok(
            Math.abs(v - ours[i][k]) <= 1e-4 * scale,
            `${kind}, lr ${learningRate}, example ${i} param ${k}: ${v} vs ${ours[i][k]}`,
          );
        });
      }
      const probs = predictProbabilities(weights, x);
      const tfProbs = tf.tidy(() => {
        const output = model.predict(data.trainX) as tf.Tensor;
        return (kind === "logits" ? tf.softmax(output) : output).arraySync() as number[][];
      });
      probs.flat().forEach((p, k) => assert.ok(Math.abs(p - tfProbs.flat()[k]) < 1e-5));
      assert.deepEqual(predictClasses(weights, x), probs.map((p) => p.indexOf(Math.max(...p))));
      disposeModel(model);
    }
  } finally {
    disposeData(data);
  }
});

Deno.test("gradientStats() and the minibatch-error law agree with a direct computation", () => {
  const grads = [
    Float64Array.of(1, 2),
    Float64Array.of(3, -2),
    Float64Array.of(-1, 0),
    Float64Array.of(5, 4),
  ];
  const stats = gradientStats(grads);
  assert.deepEqual(Array.from(stats.fullGradient), [2, 1]);
  assert.equal(stats.gradientNormSq, 5);
  // (1+1) + (1+9) + (9+1) + (9+9) = 40, over N = 4.
  assert.equal(stats.traceSigma, 10);
  assert.equal(stats.bSimple, 2);
  // Every pair of the 4 examples, exactly: the law with the finite-population factor.
  let exact = 0, pairs = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = i + 1; j < 4; j++) {
      exact += ((grads[i][0] + grads[j][0]) / 2 - 2) ** 2 +
        ((grads[i][1] + grads[j][1]) / 2 - 1) ** 2;
      pairs++;
    }
  }
  assert.ok(Math.abs(exact / pairs - predictedMinibatchError(stats, 2)) < 1e-12);
  assert.equal(predictedMinibatchError(stats, 4), 0);
  assert.equal(measuredMinibatchError(grads, 4, { draws: 5 }), 0);
});

Deno.test("measuredMinibatchError() follows tr(Σ)/B · (N−B)/(N−1) on the tutorial's model", async () => {
  const data = prepareData();
  try {
    const history = await fitModel(data, { batchSize: 32, epochs: 5 });
    const grads = perExampleGradients(history.weights, {
      x: data.trainX.arraySync(),
      y: data.trainY.arraySync(),
    });
    const stats = gradientStats(grads);
    for (const b of [1, 8, 64, 256]) {
      const measured = measuredMinibatchError(grads, b, { draws: 4000, seed: b });
      const predicted = predictedMinibatchError(stats, b);
      assert.ok(Math.abs(measured / predicted - 1) < 0.15, `B=${b}: ${measured} vs ${predicted}`);
    }
    assert.equal(measuredMinibatchError(grads, 500, { draws: 3 }) < 1e-20, true);
  } finally {
    disposeData(data);
  }
});

Deno.test("gradient helpers reject bad input", () => {
  const w = [{ kernel: [[1, 2]], bias: [0, 0] }, { kernel: [[1], [2]], bias: [0] }];
  assert.throws(() => perExampleGradients(w, { x: [[1, 2]], y: [[1]] }), RangeError);
  assert.throws(
    () => perExampleGradients([w[0]], { x: [[1]], y: [[1]] }),
    /weights must be two dense layers, got 1 layers/,
  );
  assert.throws(() => predictProbabilities(w, [[1, 2]]), /points\[0\] must have 1 features, got 2/);
  assert.throws(
    () => gradientStats([Float64Array.of(1)]),
    /at least 2 per-example gradients, got 1/,
  );
  const stats = gradientStats([Float64Array.of(1), Float64Array.of(2)]);
  assert.throws(() => predictedMinibatchError(stats, 3), /batchSize must be at most N = 2, got 3/);
  assert.throws(
    () => predictedMinibatchError(stats, 0),
    /batchSize must be a positive integer, got 0/,
  );
  assert.throws(
    () => measuredMinibatchError([Float64Array.of(1), Float64Array.of(2)], 1, { draws: 0 }),
    /draws/,
  );
});
