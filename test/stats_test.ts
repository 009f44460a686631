import assert from "node:assert/strict";
import {
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
} from "../lib/stats.ts";
import type { EpochLog, History } from "../lib/types.ts";

const close = (actual: number, expected: number, tolerance: number, what = "") =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what} expected ${expected} ± ${tolerance}, got ${actual}`,
  );

Deno.test("mean() and standardDeviation() match numpy's mean and std(ddof=1)", () => {
  assert.equal(mean([1, 2, 6]), 3);
  assert.equal(standardDeviation([1, 2, 3]), 1);
  close(standardDeviation([0.81, 0.82, 0.83, 0.82]), 0.00816496580927726, 1e-15);
});

Deno.test("mean() and standardDeviation() reject too few or non-finite values", () => {
  assert.throws(() => mean([]), /Cannot take mean: values must hold at least 1 value, got 0/);
  assert.throws(() => standardDeviation([1]), /values must hold at least 2 values, got 1/);
  assert.throws(() => mean([1, NaN]), /values\[1\] must be a finite number, got NaN/);
  assert.throws(() => mean("1" as unknown as number[]), TypeError);
});

Deno.test("normalQuantile() matches scipy.stats.norm.ppf", () => {
  close(normalQuantile(0.975), 1.959963984540054, 1e-12, "z(0.975)");
  close(normalQuantile(0.8), 0.8416212335729143, 1e-12, "z(0.8)");
  close(normalQuantile(0.001), -3.090232306167813, 1e-11, "z(0.001)");
  close(normalQuantile(1e-10), -6.361340902404056, 1e-9, "z(1e-10)");
  assert.equal(normalQuantile(0.5), 0);
  assert.throws(
    () => normalQuantile(1),
    /Cannot take normal quantile: p must be in \(0, 1\), got 1/,
  );
});

Deno.test("tQuantile() matches scipy.stats.t.ppf and tends to the normal", () => {
  close(tQuantile(0.975, 1), 12.706204736174698, 1e-9, "t(0.975, 1)");
  close(tQuantile(0.975, 9), 2.262157162798205, 1e-9, "t(0.975, 9)");
  close(tQuantile(0.975, 19), 2.0930240544083087, 1e-9, "t(0.975, 19)");
  close(tQuantile(0.995, 3), 5.840909309733355, 1e-9, "t(0.995, 3)");
  close(tQuantile(0.8, 30), 0.8537672614712979, 1e-9, "t(0.8, 30)");
  close(tQuantile(0.025, 9), -2.262157162798205, 1e-9, "t(0.025, 9)");
  close(tQuantile(0.975, Infinity), normalQuantile(0.975), 1e-12, "t(0.975, ∞)");
  assert.throws(
    () => tQuantile(0.9, 0),
    /Cannot take t quantile: df must be a finite number above 0, got 0/,
  );
});

Deno.test("confidenceInterval() is mean ± t·sd/√n", () => {
  const ci = confidenceInterval([0.81, 0.82, 0.83, 0.82]);
  assert.equal(ci.n, 4);
  close(ci.mean, 0.82, 1e-15);
  close(ci.halfWidth, 3.1824463052837078 * 0.00816496580927726 / 2, 1e-12);
  close(ci.upper - ci.lower, 2 * ci.halfWidth, 1e-15);
  assert.equal(ci.level, 0.95);
  const wide = confidenceInterval([0.81, 0.82, 0.83, 0.82], { level: 0.99 });
  assert.ok(wide.halfWidth > ci.halfWidth);
  assert.throws(() => confidenceInterval([1], {}), /values must hold at least 2 values/);
  assert.throws(
    () => confidenceInterval([1, 2], { level: 95 }),
    /level must be in \(0, 1\), got 95/,
  );
});

Deno.test("welchTest() gives Welch's t, df, p and interval (checked against scipy)", () => {
  // scipy.stats.ttest_ind(a, b, equal_var=False): t = -4.370956778, p = 0.0049956967
  const w = welchTest([0.80, 0.81, 0.82, 0.81], [0.83, 0.84, 0.83, 0.85]);
  close(w.difference, -0.0275, 1e-12);
  close(w.t, -4.370956778314645, 1e-9);
  close(w.df, 5.854054054054054, 1e-9);
  close(w.p, 0.004995696556773734, 1e-12);
  close(w.upper + w.lower, 2 * w.difference, 1e-12);
  const same = welchTest([1, 2, 3], [1, 2, 3]);
  assert.equal(same.difference, 0);
  close(same.p, 1, 1e-12);
});

Deno.test("seedsNeeded() follows the two-sample power formula with a t correction", () => {
  // Δ = σ: normal approximation 2(1.96 + 0.84)² = 15.7 → 16; with t quantiles 17 (as G*Power).
  assert.equal(seedsNeeded(0.01, 0.01), 17);
  assert.equal(seedsNeeded(-0.01, 0.01), 17);
  // Half the difference needs about four times the seeds.
  const quarter = seedsNeeded(0.005, 0.01);
  assert.ok(quarter >= 4 * 16 && quarter <= 4 * 17, `got ${quarter}`);
  assert.ok(seedsNeeded(0.01, 0.01, { power: 0.9 }) > 17);
  assert.ok(seedsNeeded(0.01, 0.01, { alpha: 0.01 }) > 17);
  assert.equal(seedsNeeded(1, 0.01), 2);
  assert.equal(seedsNeeded(0, 0.01), Infinity);
  assert.throws(
    () => seedsNeeded(0.01, 0),
    /Cannot compute seeds needed: sd must be a finite number above 0, got 0/,
  );
  assert.throws(
    () => seedsNeeded(0.01, 0.01, { power: 1.2 }),
    /power must be in \(0, 1\), got 1.2/,
  );
});

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

Deno.test("correlation() is Pearson's r (checked against numpy.corrcoef)", () => {
  // numpy.corrcoef([1, 2, 3, 4], [2, 1, 4, 3])[0, 1] = 0.6
  close(correlation([1, 2, 3, 4], [2, 1, 4, 3]), 0.6, 1e-12);
  close(correlation([1, 2, 3], [2, 4, 7]), 0.9933992677987828, 1e-12);
  assert.equal(correlation([1, 2, 3], [3, 2, 1]), -1);
  assert.throws(
    () => correlation([1, 1], [2, 3]),
    /Cannot compute correlation: a must not be constant/,
  );
  assert.throws(
    () => correlation([1, 2, 3], [2, 3]),
    /b must have as many values as a \(3\), got 2/,
  );
});
