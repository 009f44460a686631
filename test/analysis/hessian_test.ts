import assert from "node:assert/strict";
import { tf } from "../../lib/backend.ts";
import { defineModel, disposeModel, readWeights } from "../../lib/training/model.ts";
import { disposeData, prepareData } from "../../lib/data/data.ts";
import { flatWeights, lossGradient, lossHessian } from "../../lib/analysis/hessian.ts";
import { perExampleGradients } from "../../lib/analysis/mlp.ts";
import { flatParams } from "../../lib/_layout.ts";
import type { DenseWeights, LossKind } from "../../lib/types.ts";

/** tfjs autodiff of the mean loss over a batch, through the loss a model of that kind is compiled with. */
function tfjsLossAndGradient(
  model: tf.LayersModel,
  kind: LossKind,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
): { loss: number; gradient: number[] } {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const output = model.predict(x) as tf.Tensor;
      return (kind === "logits"
        ? tf.losses.softmaxCrossEntropy(y, output)
        : tf.mean(tf.metrics.categoricalCrossentropy(y, output))) as tf.Scalar;
    }, variables);
    return {
      loss: value.dataSync()[0],
      gradient: variables.flatMap((v) => Array.from(grads[v.name].dataSync())),
    };
  });
}

/**
 * For both losses, a fresh model and one trained until some training points are predicted with a
 * probability beyond the clip (on 100 points, 2 under Keras' loss and 14 under the clipped one).
 */
async function models(data: ReturnType<typeof prepareData>) {
  const out: { name: string; kind: LossKind; model: tf.LayersModel; weights: DenseWeights[] }[] =
    [];
  for (const kind of ["logits", "clipped"] as const) {
    for (const learningRate of [0, 0.05]) {
      const model = defineModel({ seed: 5, loss: kind, learningRate: learningRate || 0.01 });
      if (learningRate > 0) {
        await model.fit(data.trainX, data.trainY, {
          epochs: 30,
          batchSize: 5,
          verbose: 0,
          shuffle: false, // one model every run: model.fit shuffles with Math.random
        });
      }
      out.push({ name: `${kind}, lr ${learningRate}`, kind, model, weights: readWeights(model) });
    }
  }
  return out;
}

Deno.test("lossGradient() agrees with tfjs autodiff and with the mean of perExampleGradients()", async () => {
  const data = prepareData({ nSamples: 120, nTrain: 60 });
  const examples = { x: data.trainX.arraySync(), y: data.trainY.arraySync() };
  const before = tf.memory().numTensors;
  try {
    for (const { name, kind, model, weights } of await models(data)) {
      const ours = lossGradient(weights, examples, { loss: kind });
      const theirs = tfjsLossAndGradient(model, kind, data.trainX, data.trainY);
      assert.ok(Math.abs(ours.loss - theirs.loss) < 1e-5 * Math.max(1, theirs.loss), name);
      const scale = Math.max(1e-3, ...theirs.gradient.map(Math.abs));
      theirs.gradient.forEach((v, k) =>
        assert.ok(Math.abs(v - ours.gradient[k]) <= 1e-4 * scale, `${name}, param ${k}`)
      );
      const rows = perExampleGradients(weights, examples, { loss: kind });
      ours.gradient.forEach((v, k) => {
        const m = rows.reduce((s, r) => s + r[k], 0) / rows.length;
        assert.ok(Math.abs(v - m) < 1e-12 * Math.max(1, Math.abs(m)), `${name}, param ${k}`);
      });
      // Accuracy: the largest logit (probability) is the label's.
      const predicted = tf.tidy(() =>
        (model.predict(data.trainX) as tf.Tensor).argMax(1).arraySync() as number[]
      );
      const labels = examples.y.map((y) => y.indexOf(1));
      assert.equal(
        ours.accuracy,
        predicted.filter((p, i) => p === labels[i]).length / labels.length,
      );
      disposeModel(model);
    }
    assert.equal(tf.memory().numTensors, before, "no tensor leaks");
  } finally {
    disposeData(data);
  }
});

Deno.test("lossHessian() matches central differences of lossGradient() and is exactly symmetric", async () => {
  const data = prepareData({ nSamples: 200, nTrain: 100 });
  const examples = { x: data.trainX.arraySync(), y: data.trainY.arraySync() };
  try {
    for (const { name, kind, model, weights } of await models(data)) {
      disposeModel(model);
      const { hessian, gradient, loss, accuracy } = lossHessian(weights, examples, { loss: kind });
      const g = lossGradient(weights, examples, { loss: kind });
      assert.deepEqual([loss, accuracy, Array.from(gradient)], [
        g.loss,
        g.accuracy,
        Array.from(g.gradient),
      ]);
      const P = hessian.length;
      assert.equal(P, 303);
      const theta = flatWeights(weights);
      let scale = 0, worst = 0;
      for (const row of hessian) for (const v of row) scale = Math.max(scale, Math.abs(v));
      for (let i = 0; i < P; i++) {
        const step = 1e-6 * Math.max(1, Math.abs(theta[i]));
        const plus = Float64Array.from(theta), minus = Float64Array.from(theta);
        plus[i] += step;
        minus[i] -= step;
        const gp = lossGradient(plus, examples, { loss: kind }).gradient;
        const gm = lossGradient(minus, examples, { loss: kind }).gradient;
        for (let j = 0; j < P; j++) {
          worst = Math.max(worst, Math.abs((gp[j] - gm[j]) / (2 * step) - hessian[j][i]));
        }
      }
      assert.ok(worst / scale < 1e-6, `${name}: max error ${worst} of largest entry ${scale}`);
      for (let i = 0; i < P; i++) {
        for (let j = 0; j < i; j++) {
          assert.equal(hessian[i][j], hessian[j][i], `${name}: H[${i}][${j}]`);
        }
      }
    }
  } finally {
    disposeData(data);
  }
});

Deno.test("lossHessian() follows the rescaling of the ReLU layers: H' = D⁻¹ H D⁻¹, loss unchanged", () => {
  // Layer 1 times α, layer 2's kernel over α: the same function, so θ' = D θ with the same loss,
  // and the Hessian at θ' is D⁻¹ H D⁻¹ (D = α on layer 1, 1/α on layer 2's kernel, 1 on its bias).
  const data = prepareData({ nSamples: 100, nTrain: 50 });
  const examples = { x: data.trainX.arraySync(), y: data.trainY.arraySync() };
  disposeData(data);
  const model = defineModel({ seed: 2 });
  const weights = readWeights(model);
  disposeModel(model);
  const alpha = 4;
  const d = Float64Array.from(
    { length: 303 },
    (_, i) => (i < 150 ? alpha : i < 300 ? 1 / alpha : 1),
  );
  const theta = flatWeights(weights);
  const scaled = theta.map((v, i) => v * d[i]);
  const a = lossHessian(theta, examples), b = lossHessian(scaled, examples);
  assert.ok(Math.abs(a.loss - b.loss) < 1e-12);
  let worst = 0, scale = 0;
  for (let i = 0; i < 303; i++) {
    assert.ok(Math.abs(b.gradient[i] - a.gradient[i] / d[i]) < 1e-12);
    for (let j = 0; j < 303; j++) {
      scale = Math.max(scale, Math.abs(b.hessian[i][j]));
      worst = Math.max(worst, Math.abs(b.hessian[i][j] - a.hessian[i][j] / (d[i] * d[j])));
    }
  }
  assert.ok(worst < 1e-12 * scale, `${worst} of ${scale}`);
});

Deno.test("flatWeights() lays weights out as the engine does, and both forms of weights agree", () => {
  const model = defineModel({ seed: 1 });
  const weights = readWeights(model);
  const engine = flatParams(model.getWeights());
  disposeModel(model);
  const flat = flatWeights(weights);
  assert.deepEqual(Array.from(flat), Array.from(engine));
  const examples = { x: [[0.5, -1], [2, 3]], y: [[1, 0, 0], [0, 0, 1]] };
  assert.deepEqual(lossHessian(weights, examples), lossHessian(flat, examples));
  assert.deepEqual(lossGradient(engine, examples), lossGradient(Array.from(flat), examples));
});

Deno.test("lossHessian() under the clipped loss leaves out examples clipped on their class", () => {
  // One hidden unit, two classes; the logits are (10h, −10h) with h = relu(x).
  const weights = [{ kernel: [[1]], bias: [0] }, { kernel: [[10, -10]], bias: [0, 0] }];
  const confident = { x: [[3]], y: [[1, 0]] }; // p(class 0) = 1 − 9e-27: clipped
  const clipped = lossHessian(weights, confident, { loss: "clipped" });
  assert.ok(clipped.hessian.every((row) => row.every((v) => v === 0)));
  assert.ok(clipped.gradient.every((v) => v === 0));
  assert.ok(Math.abs(clipped.loss - -Math.log(1 - 1e-7)) < 1e-15);
  const logits = lossHessian(weights, confident);
  assert.ok(logits.hessian[0][0] > 0, "Keras' loss still curves there");
  // Where nothing is clipped, the two losses have the same derivatives.
  const calm = { x: [[0.05], [0.1]], y: [[1, 0], [0, 1]] };
  assert.deepEqual(
    lossHessian(weights, calm, { loss: "clipped" }).hessian,
    lossHessian(weights, calm).hessian,
  );
});

Deno.test("lossGradient(), lossHessian() and flatWeights() reject bad input before any work, naming it", () => {
  const w = [{ kernel: [[1, 2]], bias: [0, 0] }, { kernel: [[1, 0], [0, 1]], bias: [0, 0] }];
  const examples = { x: [[1]], y: [[1, 0]] };
  for (const f of [lossGradient, lossHessian]) {
    assert.throws(
      () => f(w, examples, { loss: "mse" as never }),
      /loss must be "logits" or "clipped", got "mse"/,
    );
    assert.throws(
      () => f(w, { x: [[1]], y: [] }),
      /examples.x and examples.y must be non-empty arrays of the same length/,
    );
    assert.throws(() => f(w, null as never), /examples must be an object \{ x, y \}, got null/);
    assert.throws(
      () => f(w, { x: [[1], [1, 2]], y: [[1, 0], [0, 1]] }),
      /examples.x\[1\] must have 1 entries/,
    );
    assert.throws(
      () => f(w, { x: [[NaN]], y: [[1, 0]] }),
      /examples.x\[0\]\[0\] must be a finite number, got NaN/,
    );
    assert.throws(
      () => f(w, { x: [[1]], y: [[1]] }),
      /examples.y\[0\] must be a one-hot target of at least 2 classes/,
    );
    assert.throws(
      () => f(w, { x: [[1, 2]], y: [[1, 0]] }),
      /weights are for 1 inputs and 2 classes, but the examples have 2 and 2/,
    );
    assert.throws(
      () => f([1, 2, 3], examples),
      /weights must hold 4·hidden \+ 2 numbers for 1 inputs and 2 classes, got 3/,
    );
    assert.throws(
      () => f([1, 2, 3, NaN, 5, 6], examples),
      /weights\[3\] must be a finite number, got NaN/,
    );
    assert.throws(() => f("w" as never, examples), TypeError);
    assert.throws(() => f([w[0]] as never, examples), /weights must be two dense layers/);
    assert.throws(() => f(w, examples, 3 as never), /options must be an object, got 3/);
  }
  assert.throws(
    () => flatWeights([w[0], { kernel: [[1, 0]], bias: [0, 0] }]),
    /weights\[1\].kernel must have one row per hidden unit \(2\), got 1/,
  );
  assert.throws(
    () => flatWeights([w[0], { kernel: [[1, 0], [0, 1]], bias: [0] }]),
    /weights\[1\].bias must be an array of 2 numbers/,
  );
  assert.throws(
    () => flatWeights([{ kernel: [[Infinity, 2]], bias: [0, 0] }, w[1]]),
    /weights\[0\] must be a finite number, got Infinity/,
  );
});
