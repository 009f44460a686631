import assert from "node:assert/strict";
import { disposeData, prepareData } from "../../lib/data/data.ts";
import { fitSeeds } from "../../lib/training/fit_seeds.ts";
import { kerasConfigurations, kerasReference } from "../../lib/data/keras.ts";
import { predictProbabilities } from "../../lib/analysis/mlp.ts";
import { mean, standardDeviation } from "../../lib/stats/stats.ts";
import { batchGradient, type Split } from "../../lib/training/_engine/js.ts";
import type { DenseWeights, History, LossKind } from "../../lib/types.ts";

/** `data/keras_gradient.json`: Keras' loss and gradient at its initial weights (see data/README.md). */
interface KerasGradient {
  seed: number;
  weights: [number[][], number[], number[][], number[]];
  loss: number;
  gradient: [number[][], number[], number[][], number[]];
  trueClassProbability: number[];
}

const KERAS_GRADIENT: KerasGradient = JSON.parse(
  Deno.readTextFileSync(new URL("../../data/keras_gradient.json", import.meta.url)),
);

function flat([k1, b1, k2, b2]: KerasGradient["weights"]): Float32Array {
  return Float32Array.from([...k1.flat(), ...b1, ...k2.flat(), ...b2]);
}

Deno.test("the loss from logits is Keras' loss: same value and gradient at Keras' initial weights", () => {
  const data = prepareData();
  try {
    const split: Split = {
      x: data.trainX.dataSync() as Float32Array,
      y: data.trainY.dataSync() as Float32Array,
      n: 500,
    };
    const shape = { inputs: 2, hidden: 50, classes: 3 };
    const params = flat(KERAS_GRADIENT.weights);
    const expected = flat(KERAS_GRADIENT.gradient);
    const rows = Int32Array.from({ length: 500 }, (_, i) => i);
    const scale = Math.max(...expected.map(Math.abs));
    const gap = (kind: LossKind) => {
      const { loss, gradient } = batchGradient(shape, params, split, rows, kind);
      const worst = Math.max(...expected.map((g, i) => Math.abs(g - gradient[i])));
      return { loss, worst };
    };
    const logits = gap("logits");
    assert.ok(
      Math.abs(logits.loss - KERAS_GRADIENT.loss) <= 1e-5 * KERAS_GRADIENT.loss,
      `loss ${logits.loss} vs Keras ${KERAS_GRADIENT.loss}`,
    );
    assert.ok(logits.worst <= 1e-5 * scale, `gradient off by ${logits.worst} (scale ${scale})`);
    // tfjs-layers' clipped loss is another function: lower (each point's loss
    // is capped at −ln 1e-7) and another gradient, because the saturated points
    // contribute none.
    const clipped = gap("clipped");
    assert.ok(clipped.loss < KERAS_GRADIENT.loss - 1, `clipped loss ${clipped.loss}`);
    assert.ok(clipped.worst > 0.1 * scale, `clipped gradient off by only ${clipped.worst}`);
  } finally {
    disposeData(data);
  }
});

Deno.test("Keras' initial weights saturate the points that the clipped loss ignores", () => {
  const [k1, b1, k2, b2] = KERAS_GRADIENT.weights;
  const weights: DenseWeights[] = [{ kernel: k1, bias: b1 }, { kernel: k2, bias: b2 }];
  const data = prepareData();
  try {
    const x = data.trainX.arraySync(), y = data.trainY.arraySync();
    const ours = predictProbabilities(weights, x).map((p, i) => p[y[i].indexOf(1)]);
    const theirs = KERAS_GRADIENT.trueClassProbability;
    // Keras' float32 softmax and our float64 one, to float32 rounding where it matters.
    ours.forEach((p, i) =>
      assert.ok(Math.abs(p - theirs[i]) <= 1e-5 * Math.max(p, 1e-3), `point ${i}: ${p}`)
    );
    const below = (ps: number[]) => ps.filter((p) => p < 1e-7).length;
    assert.equal(below(ours), below(theirs));
    assert.ok(below(theirs) >= 100, `${below(theirs)} saturated points`);
  } finally {
    disposeData(data);
  }
});

Deno.test("kerasReference() reads every configuration of the reference, and refuses others", () => {
  const configurations = kerasConfigurations();
  assert.deepEqual(
    configurations.map((c) => `${c.batchSize}@${c.learningRate}`).sort(),
    [
      "1@0.001",
      "1@0.01",
      "4@0.01",
      "8@0.01",
      "16@0.01",
      "32@0.01",
      "64@0.01",
      "128@0.01",
      "256@0.01",
      "450@0.01",
      "500@0.01",
    ].sort(),
    "the tutorial's configurations and its grid",
  );
  for (const { batchSize, learningRate } of configurations) {
    const reference = kerasReference(batchSize, learningRate);
    assert.equal(reference.batchSize, batchSize);
    // The reference: ten seeds of all 200 epochs; at batch 1 (minutes per Keras run) ten
    // seeds of the first 20 epochs, five of them for all 200.
    const what = `batch ${batchSize}, lr ${learningRate}`;
    const full = reference.histories.filter((h) => h.epochs.length === 200).length;
    if (batchSize === 1) {
      assert.ok(reference.histories.length >= 10, `${what}: ${reference.histories.length} runs`);
      assert.ok(reference.histories.every((h) => h.epochs.length >= 20), what);
      assert.ok(full >= 5, `${what}: ${full} runs of 200 epochs`);
    } else {
      assert.ok(full >= 10, `${what}: ${full} runs of 200 epochs`);
    }
    assert.equal(reference.versions.keras.split(".")[0], "3");
    for (const h of reference.histories) {
      assert.equal(h.epochs[0].updates, Math.ceil(500 / batchSize));
      for (const e of h.epochs) assert.ok(e.valAccuracy >= 0 && e.valAccuracy <= 1);
    }
  }
  assert.throws(() => kerasReference(3), RangeError);
  assert.throws(() => kerasReference(-1), RangeError);
});

/** Mean and standard error of the test accuracy after `epoch`, over the runs that reached it (at least two). */
function meanAt(histories: History[], epoch: number): { mean: number; se: number; n: number } {
  const values = histories.filter((h) => h.epochs.length >= epoch).map((h) =>
    h.epochs[epoch - 1].valAccuracy
  );
  assert.ok(values.length >= 2, `${values.length} runs reach epoch ${epoch}`);
  return {
    mean: mean(values),
    se: standardDeviation(values) / Math.sqrt(values.length),
    n: values.length,
  };
}

// The issue's criterion: our mean over seeds agrees with Keras' within three
// standard errors of the difference, plus 0.01 where Keras has under 10 seeds.
const CASES: [batchSize: number, learningRate: number][] = [
  [1, 0.01],
  [1, 0.001],
  [4, 0.01],
  [8, 0.01],
  [32, 0.01],
  [500, 0.01],
];

Deno.test("fitSeeds() learns as the tutorial's Keras code does, epoch by epoch", async () => {
  const data = prepareData();
  try {
    for (const [batchSize, learningRate] of CASES) {
      const keras = kerasReference(batchSize, learningRate).histories;
      const ours = await fitSeeds(data, { batchSize, learningRate, seeds: 20 });
      for (const epoch of [1, 5, 10, 200]) {
        const k = meanAt(keras, epoch), o = meanAt(ours, epoch);
        const allowed = 3 * Math.hypot(k.se, o.se) + (k.n < 10 ? 0.01 : 0);
        const what = `batch ${batchSize}, lr ${learningRate}, epoch ${epoch}`;
        assert.ok(
          Math.abs(k.mean - o.mean) <= allowed,
          `${what}: ours ${o.mean.toFixed(3)} vs Keras ${
            k.mean.toFixed(3)
          } (${k.n} seeds), allowed ${allowed.toFixed(3)}`,
        );
      }
    }
  } finally {
    disposeData(data);
  }
});

Deno.test("fitSeeds() with tfjs' clipped loss learns slower than Keras at batch 4", async () => {
  // What the test above would catch: the literal tfjs translation of the
  // tutorial falls outside Keras' band after the first epoch.
  const data = prepareData();
  try {
    const keras = meanAt(kerasReference(4).histories, 1);
    const clipped = meanAt(
      await fitSeeds(data, { batchSize: 4, epochs: 1, seeds: 20, loss: "clipped" }),
      1,
    );
    assert.ok(
      keras.mean - clipped.mean > 3 * Math.hypot(keras.se, clipped.se),
      `clipped ${clipped.mean.toFixed(3)} vs Keras ${keras.mean.toFixed(3)}`,
    );
  } finally {
    disposeData(data);
  }
});
