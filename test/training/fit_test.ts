import assert from "node:assert/strict";
import { tf } from "../../lib/backend.ts";
import { disposeData, prepareData } from "../../lib/data/data.ts";
import { defineModel, disposeModel, readWeights } from "../../lib/training/model.ts";
import { epochOrders, fitModel, type FitModelOptions } from "../../lib/training/fit.ts";
import type { Dataset } from "../../lib/types.ts";
import { smallData, withoutSeconds } from "../_fixtures.ts";

/** A small split of the tutorial's blobs, so each fit takes milliseconds. */
Deno.test("fitModel() returns one record per epoch with cumulative updates", async () => {
  const data = smallData();
  try {
    for (const [batchSize, perEpoch] of [[1, 50], [16, 4], [50, 1], [500, 1]]) {
      const history = await fitModel(data, { batchSize, epochs: 2 });
      assert.equal(history.epochs.length, 2);
      assert.deepEqual(history.epochs.map((e) => e.epoch), [1, 2]);
      assert.deepEqual(history.epochs.map((e) => e.updates), [perEpoch, 2 * perEpoch]);
      assert.ok(history.epochs[1].seconds >= history.epochs[0].seconds);
      assert.equal(history.batchSize, batchSize);
      assert.equal(history.divergedAt, null);
      for (const e of history.epochs) {
        for (const key of ["loss", "accuracy", "valLoss", "valAccuracy"] as const) {
          assert.ok(Number.isFinite(e[key]), `${key} is finite`);
        }
        assert.ok(e.accuracy >= 0 && e.accuracy <= 1);
      }
      assert.equal(history.weights.length, 2);
      assert.equal(history.weights[0].kernel.length, 2);
      assert.equal(history.weights[0].kernel[0].length, 50);
      assert.equal(history.weights[1].bias.length, 3);
    }
  } finally {
    disposeData(data);
  }
});

Deno.test("fitModel() gives the same history for the same seed and another for another", async () => {
  const data = smallData();
  try {
    const options: FitModelOptions = { batchSize: 8, epochs: 3, seed: 4 };
    const a = await fitModel(data, options);
    const b = await fitModel(data, options);
    const c = await fitModel(data, { ...options, seed: 5 });
    assert.deepEqual(withoutSeconds(a), withoutSeconds(b));
    assert.notDeepEqual(withoutSeconds(a).epochs, withoutSeconds(c).epochs);
    assert.equal(c.seed, 5);
  } finally {
    disposeData(data);
  }
});

Deno.test("fitModel() learns the tutorial's problem with batch gradient descent", async () => {
  const data = prepareData();
  try {
    const history = await fitModel(data, { batchSize: 500, epochs: 60 });
    const first = history.epochs[0];
    const last = history.epochs.at(-1)!;
    assert.ok(last.loss < first.loss, `loss fell from ${first.loss} to ${last.loss}`);
    assert.ok(history.test.accuracy > 0.7, `test accuracy ${history.test.accuracy}`);
    // The final evaluation is the model after the last epoch, as valAccuracy is.
    assert.ok(Math.abs(history.test.accuracy - last.valAccuracy) < 1e-6);
  } finally {
    disposeData(data);
  }
});

Deno.test("fitModel() reports a diverging run instead of crashing, with either loss", async () => {
  const data = smallData();
  try {
    const options = { batchSize: 1, epochs: 20, learningRate: 1e20 };
    const clipped = await fitModel(data, { ...options, loss: "clipped" });
    assert.equal(clipped.divergedAt, 1);
    assert.equal(clipped.epochs.length, 1);
    // tfjs' clipped cross-entropy hides the overflow: the loss sits at −ln 1e-7.
    assert.ok(Math.abs(clipped.epochs[0].loss - -Math.log(1e-7)) < 1);
    // The loss from logits does not: it is no longer a finite number.
    const logits = await fitModel(data, options);
    assert.equal(logits.divergedAt, 1);
    assert.equal(logits.epochs.length, 1);
    assert.ok(!Number.isFinite(logits.epochs[0].loss), `loss ${logits.epochs[0].loss}`);
    for (const history of [clipped, logits]) {
      assert.ok(
        history.weights.some((layer) => layer.kernel.flat().some((w) => !Number.isFinite(w))),
      );
    }
  } finally {
    disposeData(data);
  }
});

Deno.test("fitModel() calls onEpochEnd once per epoch with the model, in order, and awaits it", async () => {
  const data = smallData();
  try {
    const seen: number[] = [];
    const kernels: number[][][] = [];
    const history = await fitModel(data, {
      batchSize: 25,
      epochs: 3,
      onEpochEnd: async (log, model) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.push(log.epoch);
        kernels.push(readWeights(model)[1].kernel);
      },
    });
    assert.deepEqual(seen, [1, 2, 3]);
    // The model handed over is the one being trained: its weights move each epoch.
    assert.notDeepEqual(kernels[0], kernels[1]);
    assert.deepEqual(kernels[2], history.weights[1].kernel);
  } finally {
    disposeData(data);
  }
});

Deno.test("fitModel() leaks no tensors, with either loss", async () => {
  const data = smallData();
  try {
    await fitModel(data, { batchSize: 10, epochs: 1 }); // warm up tfjs' own caches
    await fitModel(data, { batchSize: 10, epochs: 1, loss: "clipped" });
    const before = tf.memory().numTensors;
    for (const loss of ["logits", "clipped"] as const) {
      await fitModel(data, { batchSize: 10, epochs: 2, loss });
      await fitModel(data, { batchSize: 1, epochs: 1, learningRate: 1e20, loss });
    }
    assert.equal(tf.memory().numTensors, before);
  } finally {
    disposeData(data);
  }
});

Deno.test("epochOrders() gives fitModel's shuffles: model.fit over them trains the same run", async () => {
  const data = smallData();
  const nTrain = data.trainX.shape[0];
  const model = defineModel({ seed: 3 });
  try {
    const orders = epochOrders(nTrain, { seed: 3 });
    for (let epoch = 0; epoch < 3; epoch++) {
      const order = orders.next().value;
      assert.deepEqual([...order].sort((a, b) => a - b), [...Array(nTrain).keys()]);
      const xs = tf.gather(data.trainX, order);
      const ys = tf.gather(data.trainY, order);
      await model.fit(xs, ys, { batchSize: 8, epochs: 1, shuffle: false, verbose: 0 });
      tf.dispose([xs, ys]);
    }
    const history = await fitModel(data, { batchSize: 8, epochs: 3, seed: 3 });
    assert.deepEqual(readWeights(model), history.weights); // bit for bit
  } finally {
    disposeModel(model);
    disposeData(data);
  }
});

Deno.test("epochOrders() repeats for a seed, differs across seeds and epochs", () => {
  const take = (seed: number) => {
    const orders = epochOrders(20, { seed });
    return [orders.next().value, orders.next().value];
  };
  assert.deepEqual(take(7), take(7));
  assert.notDeepEqual(take(7), take(8));
  assert.notDeepEqual(take(7)[0], take(7)[1]);
  assert.deepEqual(epochOrders(20).next().value, take(0)[0]); // seed 0 by default
});

Deno.test("epochOrders() rejects a bad nTrain or seed at once", () => {
  const cases: [() => unknown, ErrorConstructor, RegExp][] = [
    [
      () => epochOrders(0),
      RangeError,
      /Cannot shuffle epochs: nTrain must be a positive integer, got 0/,
    ],
    [() => epochOrders(2.5), RangeError, /nTrain must be a positive integer, got 2\.5/],
    [() => epochOrders("5" as unknown as number), TypeError, /nTrain must be a number, got "5"/],
    [() => epochOrders(5, { seed: -1 }), RangeError, /seed must be an integer ≥ 0, got -1/],
  ];
  for (const [call, type, message] of cases) {
    assert.throws(call, (e: Error) => e instanceof type && message.test(e.message));
  }
});

Deno.test("fitModel() rejects bad options before doing any work", async () => {
  const data = smallData();
  try {
    const before = tf.memory().numTensors;
    const cases: [Partial<FitModelOptions> | Record<string, unknown>, ErrorConstructor, RegExp][] =
      [
        [{ batchSize: 0 }, RangeError, /batchSize must be a positive integer, got 0/],
        [{ batchSize: 2.5 }, RangeError, /batchSize must be a positive integer, got 2\.5/],
        [{ batchSize: "32" }, TypeError, /batchSize must be a number, got "32"/],
        [{}, TypeError, /batchSize must be a number, got undefined/],
        [{ batchSize: 32, epochs: 0 }, RangeError, /epochs must be a positive integer, got 0/],
        [{ batchSize: 32, epochs: Infinity }, RangeError, /epochs .* got Infinity/],
        [{ batchSize: 32, learningRate: 0 }, RangeError, /learningRate .* got 0/],
        [{ batchSize: 32, learningRate: -1 }, RangeError, /learningRate .* got -1/],
        [{ batchSize: 32, learningRate: NaN }, RangeError, /learningRate .* got NaN/],
        [{ batchSize: 32, momentum: 1 }, RangeError, /momentum must be in \[0, 1\), got 1/],
        [{ batchSize: 32, momentum: -0.1 }, RangeError, /momentum .* got -0\.1/],
        [{ batchSize: 32, seed: -1 }, RangeError, /seed must be an integer ≥ 0, got -1/],
        [{ batchSize: 32, onEpochEnd: 3 }, TypeError, /onEpochEnd must be a function/],
        [
          { batchSize: 32, loss: "mse" },
          RangeError,
          /loss must be "logits" or "clipped", got "mse"/,
        ],
        [{ batchSize: 32, loss: 1 }, TypeError, /loss must be a string, got 1/],
      ];
    for (const [options, type, message] of cases) {
      await assert.rejects(
        () => fitModel(data, options as FitModelOptions),
        (error: Error) => error instanceof type && message.test(error.message),
        JSON.stringify(options),
      );
    }
    assert.equal(tf.memory().numTensors, before);
  } finally {
    disposeData(data);
  }
});

Deno.test("fitModel() rejects tensors of mismatched shapes", async () => {
  const data = smallData();
  const extra = tf.zeros([7, 3]) as tf.Tensor2D;
  const wide = tf.zeros([50, 4]) as tf.Tensor2D;
  try {
    const before = tf.memory().numTensors;
    const cases: [Dataset, RegExp][] = [
      [{ ...data, trainY: extra }, /data\.trainX and data\.trainY .* same number of rows/],
      [{ ...data, trainY: wide }, /data\.trainY and data\.testY .* same number of columns/],
      [{ ...data, testX: extra }, /data\.testX and data\.testY .* rows/],
      [{ ...data, trainX: tf.zeros([50]) as unknown as tf.Tensor2D }, /data\.trainX must be 2-D/],
    ];
    for (const [bad, message] of cases) {
      await assert.rejects(
        () => fitModel(bad, { batchSize: 8 }),
        (e: Error) => e instanceof RangeError && message.test(e.message),
      );
    }
    // The 1-D tensor made inside the last case is the only one added.
    assert.equal(tf.memory().numTensors, before + 1);
  } finally {
    disposeData(data);
    tf.dispose([extra, wide]);
  }
});

Deno.test("fitModel() refuses, before any work, more epochs than its history would fit in memory", async () => {
  const data = smallData();
  try {
    const before = tf.memory().numTensors;
    await assert.rejects(
      () =>
        fitModel(data, {
          batchSize: 32,
          epochs: 1e9,
          onEpochEnd: () => {
            throw new Error("trained an epoch");
          },
        }),
      (error: Error) => {
        assert.ok(error instanceof RangeError, `${error} is a RangeError`);
        assert.match(
          error.message,
          /^Cannot fit model: 1000000000 epochs would need about [\d,.]+ GiB of memory, more than the [\d,.]+ [GM]iB (left in the JavaScript heap|available on this machine); train fewer epochs$/,
        );
        return true;
      },
    );
    assert.equal(tf.memory().numTensors, before); // no model was built
  } finally {
    disposeData(data);
  }
});

/**
 * Keras' SGD with momentum, by hand: v ← m·v − lr·g, w ← w + v. The gradient
 * of the mean categorical cross-entropy of a ReLU → softmax network is worked
 * out in plain numbers, so nothing of tfjs is trusted here.
 */
function kerasStep(
  w: { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] },
  v: { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] },
  x: number[][],
  y: number[][],
  lr: number,
  m: number,
) {
  const n = x.length, hidden = w.b1.length, classes = w.b2.length;
  const g = {
    W1: w.W1.map((r) => r.map(() => 0)),
    b1: w.b1.map(() => 0),
    W2: w.W2.map((r) => r.map(() => 0)),
    b2: w.b2.map(() => 0),
  };
  for (let i = 0; i < n; i++) {
    const pre = w.b1.map((b, j) => b + x[i].reduce((s, xi, k) => s + xi * w.W1[k][j], 0));
    const h = pre.map((a) => Math.max(0, a));
    const z = w.b2.map((b, c) => b + h.reduce((s, hj, j) => s + hj * w.W2[j][c], 0));
    const zMax = Math.max(...z);
    const e = z.map((zc) => Math.exp(zc - zMax));
    const sum = e.reduce((a, b) => a + b, 0);
    const dz = e.map((ec, c) => (ec / sum - y[i][c]) / n);
    for (let c = 0; c < classes; c++) {
      g.b2[c] += dz[c];
      for (let j = 0; j < hidden; j++) g.W2[j][c] += h[j] * dz[c];
    }
    for (let j = 0; j < hidden; j++) {
      if (pre[j] <= 0) continue;
      const dh = dz.reduce((s, d, c) => s + d * w.W2[j][c], 0);
      g.b1[j] += dh;
      for (let k = 0; k < x[i].length; k++) g.W1[k][j] += x[i][k] * dh;
    }
  }
  const update = (p: number[], vel: number[], grad: number[]) =>
    p.forEach((_, i) => {
      vel[i] = m * vel[i] - lr * grad[i];
      p[i] += vel[i];
    });
  w.W1.forEach((row, k) => update(row, v.W1[k], g.W1[k]));
  update(w.b1, v.b1, g.b1);
  w.W2.forEach((row, j) => update(row, v.W2[j], g.W2[j]));
  update(w.b2, v.b2, g.b2);
}

Deno.test("defineModel()'s optimizer makes Keras' momentum-SGD update", async () => {
  const model = defineModel({ seed: 3, learningRate: 0.1, momentum: 0.9, hiddenUnits: 4 });
  const x = [[0.5, -1.2], [2.0, 0.3], [-0.7, 0.9], [1.1, 1.4]];
  const y = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]];
  const [W1, b1, W2, b2] = model.getWeights().map((t) => t.arraySync());
  const w = { W1, b1, W2, b2 } as { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] };
  const zerosLike = <T>(a: T): T =>
    JSON.parse(JSON.stringify(a, (_, value) => (typeof value === "number" ? 0 : value)));
  const v = { W1: zerosLike(w.W1), b1: zerosLike(w.b1), W2: zerosLike(w.W2), b2: zerosLike(w.b2) };
  const xs = tf.tensor2d(x), ys = tf.tensor2d(y);
  try {
    for (let step = 0; step < 3; step++) {
      await model.trainOnBatch(xs, ys);
      kerasStep(w, v, x, y, 0.1, 0.9);
    }
    const got = model.getWeights().map((t) => (t.arraySync() as number[] | number[][]).flat());
    const want = [w.W1.flat(), w.b1, w.W2.flat(), w.b2];
    for (let p = 0; p < 4; p++) {
      got[p].forEach((value, i) => {
        assert.ok(
          Math.abs(value - want[p][i]) < 1e-5,
          `param ${p}[${i}]: ${value} vs ${want[p][i]}`,
        );
      });
    }
    // Momentum made a difference: the third step is not three plain SGD steps.
    assert.notDeepEqual(want[3], zerosLike(want[3]));
  } finally {
    tf.dispose([xs, ys]);
    disposeModel(model);
  }
});
