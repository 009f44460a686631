import assert from "node:assert/strict";
import { meanCurve, seedMean, stepsToTarget, timeToThreshold } from "../../lib/stats/curves.ts";
import type { EpochLog, History } from "../../lib/types.ts";

const close = (actual: number, expected: number, tolerance: number, what = "") =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what} expected ${expected} ± ${tolerance}, got ${actual}`,
  );

function run(values: number[], secondsPerEpoch = 0.01, updatesPerEpoch = 16): History {
  const epochs: EpochLog[] = values.map((v, i) => ({
    epoch: i + 1,
    loss: 1 - v,
    accuracy: v,
    valLoss: 1 - v,
    valAccuracy: v,
    seconds: secondsPerEpoch * (i + 1),
    updates: updatesPerEpoch * (i + 1),
  }));
  return {
    batchSize: 32,
    learningRate: 0.01,
    momentum: 0.9,
    loss: "logits",
    seed: 0,
    epochs,
    divergedAt: null,
    train: { loss: 0, accuracy: values.at(-1)! },
    test: { loss: 0, accuracy: values.at(-1)! },
    weights: [],
  };
}

Deno.test("meanCurve() averages a metric per epoch and marks missing epochs NaN", () => {
  assert.deepEqual(meanCurve([run([0.5, 0.7]), run([0.7, 0.9])]), [0.6, 0.8]);
  assert.deepEqual(meanCurve([run([0.5, 0.7]), run([0.7, 0.9])], "updates"), [16, 32]);
  const curve = meanCurve([run([0.5, 0.7, 0.8]), run([0.7])]);
  assert.equal(curve.length, 3);
  assert.ok(Number.isNaN(curve[1]));
  assert.throws(() => meanCurve([]), /Cannot average curves: histories must be a non-empty array/);
  assert.throws(
    () => meanCurve([run([0.5])], "acc" as "accuracy"),
    /metric must be one of "loss", "accuracy", "valLoss", "valAccuracy", "seconds", "updates", got "acc"/,
  );
});

Deno.test("timeToThreshold() finds the first epoch where the mean reaches the threshold", () => {
  const runs = [run([0.5, 0.79, 0.82], 0.01), run([0.6, 0.83, 0.84], 0.03)];
  const crossing = timeToThreshold(runs, 0.8);
  assert.ok(crossing !== null);
  assert.equal(crossing.epoch, 2);
  assert.equal(crossing.updates, 32);
  close(crossing.seconds, 0.04, 1e-12);
  close(crossing.value, 0.81, 1e-12);
  assert.equal(timeToThreshold(runs, 0.9), null);
  assert.equal(timeToThreshold(runs, 0.5)?.epoch, 1);
  assert.throws(() => timeToThreshold(runs, NaN), /threshold must be a finite number, got NaN/);
});

Deno.test("seedMean() averages one figure of each run", () => {
  const runs = [run([0.5, 0.75]), run([0.75, 1]), run([0.5, 0.5])];
  close(seedMean(runs, (h) => h.test.accuracy), 0.75, 1e-15);
  assert.equal(seedMean(runs, (h) => h.epochs[0].valAccuracy), 0.5 + 0.25 / 3);
  assert.equal(seedMean([run([0.5]), run([0.6])], (h) => h.epochs.length), 1);
});

Deno.test("seedMean() lets NaN through and rejects what is not a figure", () => {
  const diverged = { ...run([0.5]), train: { loss: NaN, accuracy: 0.3 } };
  assert.ok(Number.isNaN(seedMean([run([0.5]), diverged], (h) => h.train.loss)));
  assert.throws(
    () => seedMean([] as History[], (h) => h.test.accuracy),
    /Cannot average over seeds: histories must be a non-empty array of histories, got an array of length 0/,
  );
  assert.throws(
    () => seedMean([run([0.5])], "test" as unknown as (h: History) => number),
    /pick must be a function, got "test"/,
  );
  assert.throws(
    () => seedMean([run([0.5])], (h) => (h as unknown as { acc: number }).acc),
    /pick\(histories\[0\]\) must be a number, got undefined/,
  );
});

const log = (epoch: number, valAccuracy: number, updates: number) =>
  ({ epoch, valAccuracy, updates }) as EpochLog;

Deno.test("stepsToTarget() counts updates to the first epoch at the target, else Infinity", () => {
  const history = { epochs: [log(1, 0.5, 16), log(2, 0.8, 32), log(3, 0.7, 48)] } as History;
  assert.equal(stepsToTarget(history, 0.8), 32);
  assert.equal(stepsToTarget(history, 0.5), 16);
  assert.equal(stepsToTarget(history, 0.81), Infinity);
  assert.throws(() => stepsToTarget(history, 0), /target must be in \(0, 1\], got 0/);
  assert.throws(
    () => stepsToTarget({} as History, 0.8),
    /Cannot count steps to target: history must be a History, got an object/,
  );
});
