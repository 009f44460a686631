import assert from "node:assert/strict";
import { tf } from "../../lib/backend.ts";
import {
  defineModel,
  type DefineModelOptions,
  disposeModel,
  readWeights,
} from "../../lib/training/model.ts";

Deno.test("defineModel() builds the tutorial's 2-50-3 network, with either loss", () => {
  const keras = defineModel();
  const tfjs = defineModel({ loss: "clipped" });
  try {
    for (const model of [keras, tfjs]) {
      assert.equal(model.countParams(), 2 * 50 + 50 + 50 * 3 + 3);
      const [hidden, output] = model.layers.map((layer) => layer.getConfig());
      assert.equal(hidden.units, 50);
      assert.equal(hidden.activation, "relu");
      assert.equal(output.units, 3);
      assert.equal(model.optimizer.getClassName(), "Momentum");
      const [, b1, , b2] = readWeights(model).flatMap((layer) => [layer.kernel, layer.bias]);
      assert.deepEqual(b1, new Array(50).fill(0));
      assert.deepEqual(b2, new Array(3).fill(0));
    }
    // Keras' loss: logits out, softmax cross-entropy on them.
    assert.equal(keras.layers[1].getConfig().activation, "linear");
    assert.equal(typeof keras.loss, "function");
    // The literal tfjs translation: a softmax out, tfjs-layers' clipped loss.
    assert.equal(tfjs.layers[1].getConfig().activation, "softmax");
    assert.equal(tfjs.loss, "categoricalCrossentropy");
    // The same starting point either way.
    assert.deepEqual(readWeights(keras), readWeights(tfjs));
    // The logits model's outputs are logits: their softmax is the other's output.
    const x = tf.tensor2d([[1, -2], [8, 3]]);
    const [a, b] = tf.tidy(() => [
      (tf.softmax(keras.predict(x) as tf.Tensor)).arraySync() as number[][],
      (tfjs.predict(x) as tf.Tensor).arraySync() as number[][],
    ]);
    x.dispose();
    a.flat().forEach((p, i) => assert.ok(Math.abs(p - b.flat()[i]) < 1e-6));
  } finally {
    disposeModel(keras);
    disposeModel(tfjs);
  }
});

Deno.test("defineModel() draws He-uniform hidden weights within ±sqrt(6 / fan_in)", () => {
  const model = defineModel({ seed: 11 });
  try {
    const kernel = readWeights(model)[0].kernel.flat();
    const limit = Math.sqrt(6 / 2);
    assert.ok(kernel.every((w) => Math.abs(w) <= limit));
    assert.ok(Math.max(...kernel.map(Math.abs)) > limit * 0.8, "fills its range");
  } finally {
    disposeModel(model);
  }
});

Deno.test("defineModel() gives the same weights for the same seed and others for another", () => {
  const [a, b, c] = [7, 7, 8].map((seed) => {
    const model = defineModel({ seed });
    const weights = readWeights(model);
    disposeModel(model);
    return weights;
  });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a[0].kernel, c[0].kernel);
  assert.notDeepEqual(a[1].kernel, c[1].kernel);
});

Deno.test("defineModel() and disposeModel() leak no tensors", () => {
  disposeModel(defineModel());
  const before = tf.memory().numTensors;
  const model = defineModel({ seed: 2 });
  readWeights(model);
  disposeModel(model);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("defineModel() rejects bad options", () => {
  const cases: [DefineModelOptions | Record<string, unknown>, ErrorConstructor, RegExp][] = [
    [{ seed: -1 }, RangeError, /seed must be an integer ≥ 0, got -1/],
    [{ seed: 0.5 }, RangeError, /seed .* got 0\.5/],
    [{ learningRate: 0 }, RangeError, /learningRate .* got 0/],
    [{ momentum: 1.5 }, RangeError, /momentum .* got 1\.5/],
    [{ hiddenUnits: 0 }, RangeError, /hiddenUnits must be a positive integer, got 0/],
    [{ classes: 1 }, RangeError, /classes must be an integer ≥ 2, got 1/],
    [{ inputs: "2" }, TypeError, /inputs must be a number, got "2"/],
  ];
  const before = tf.memory().numTensors;
  for (const [options, type, message] of cases) {
    assert.throws(
      () => defineModel(options as DefineModelOptions),
      (e: Error) =>
        e instanceof type && e.message.startsWith("Cannot define model") &&
        message.test(e.message),
      JSON.stringify(options),
    );
  }
  assert.equal(tf.memory().numTensors, before);
});
