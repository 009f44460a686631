import assert from "node:assert/strict";
import {
  confidenceInterval,
  correlation,
  mean,
  median,
  normalQuantile,
  standardDeviation,
  tQuantile,
} from "../../lib/stats/stats.ts";

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

Deno.test("median() handles odd and even counts and Infinity", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([1, 2, Infinity, Infinity, Infinity]), Infinity);
  assert.throws(() => median([]), /Cannot take median: values must hold at least 1 value, got 0/);
  assert.throws(
    () => median([1, NaN]),
    /Cannot take median: values\[1\] must be a number other than NaN, got NaN/,
  );
  assert.throws(() => median("1" as unknown as number[]), TypeError);
});
