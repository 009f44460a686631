import assert from "node:assert/strict";
import { holm, pairedTest, seedsNeeded, welchTest } from "../../lib/stats/comparisons.ts";

const close = (actual: number, expected: number, tolerance: number, what = "") =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what} expected ${expected} ± ${tolerance}, got ${actual}`,
  );

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

Deno.test("welchTest() gives scipy's confidence interval of the difference", () => {
  // scipy 1.17.1: ttest_ind(a, b, equal_var=False).confidence_interval(0.95) and (0.9)
  const a = [0.80, 0.81, 0.82, 0.81], b = [0.83, 0.84, 0.83, 0.85];
  const w = welchTest(a, b);
  close(w.lower, -0.04298833166446775, 1e-12);
  close(w.upper, -0.012011668335532185, 1e-12);
  const w90 = welchTest(a, b, { level: 0.9 });
  close(w90.lower, -0.03978037707518279, 1e-12);
  close(w90.upper, -0.015219622924817154, 1e-12);
});

Deno.test("pairedTest() gives the paired t, df, p and interval (checked against scipy)", () => {
  // scipy 1.17.1: r = ttest_rel(a, b); r.statistic, r.pvalue, r.df, r.confidence_interval(0.95)
  const a = [0.812, 0.826, 0.804, 0.831, 0.819, 0.808, 0.824, 0.815];
  const b = [0.806, 0.821, 0.803, 0.822, 0.815, 0.807, 0.816, 0.811];
  const test = pairedTest(a, b);
  assert.equal(test.n, 8);
  assert.equal(test.df, 7);
  close(test.difference, 0.00474999999999999, 1e-15);
  close(test.sd, 0.002915475947422657, 1e-15); // numpy std(a − b, ddof=1)
  close(test.standardError, 0.002915475947422657 / Math.sqrt(8), 1e-15);
  close(test.t, 4.608176875690307, 1e-9);
  close(test.p, 0.0024602693110423422, 1e-12);
  close(test.lower, 0.0023126011114464455, 1e-12);
  close(test.upper, 0.007187398888553536, 1e-12);
  assert.equal(test.level, 0.95);
  // r.confidence_interval(0.99)
  const wide = pairedTest(a, b, { level: 0.99 });
  close(wide.lower, 0.0011428151824847683, 1e-12);
  close(wide.upper, 0.008357184817515212, 1e-12);
  // A negative difference that is not significant: ttest_rel(a2, b2)
  const other = pairedTest([0.70, 0.74, 0.69, 0.72, 0.73], [0.71, 0.72, 0.72, 0.75, 0.72]);
  close(other.difference, -0.008000000000000007, 1e-15);
  close(other.t, -0.7844645405527361, 1e-9);
  close(other.p, 0.47662066727284114, 1e-12);
  close(other.lower, -0.03631429553964548, 1e-12);
  close(other.upper, 0.02031429553964546, 1e-12);
});

Deno.test("pairedTest() of constant differences and its input checks", () => {
  const same = pairedTest([1, 2, 3], [1, 2, 3]);
  assert.deepEqual([same.difference, same.standardError, same.t, same.p], [0, 0, 0, 1]);
  const shifted = pairedTest([2, 3, 4], [1, 2, 3]);
  assert.deepEqual([shifted.difference, shifted.t, shifted.p], [1, Infinity, 0]);
  assert.deepEqual([shifted.lower, shifted.upper], [1, 1]);
  assert.throws(
    () => pairedTest([1, 2, 3], [1, 2]),
    /Cannot compare paired means: b must have as many values as a \(3\), got 2/,
  );
  assert.throws(() => pairedTest([1], [2]), /a must hold at least 2 values, got 1/);
  assert.throws(() => pairedTest([1, 2], [1, Infinity]), /b\[1\] must be a finite number/);
  assert.throws(() => pairedTest([1, 2], [2, 4], { level: 1 }), /level must be in \(0, 1\)/);
});

Deno.test("holm() matches statsmodels' multipletests(method='holm')", () => {
  // statsmodels 0.15.0: multipletests(p, method="holm")[1]
  const cases: [number[], number[]][] = [
    [[0.01, 0.04, 0.03, 0.005], [0.03, 0.06, 0.06, 0.02]],
    [[0.2, 0.001, 0.6, 0.04, 0.03, 0.5], [0.6000000000000001, 0.006, 1, 0.16, 0.15, 1]],
    [[0.5, 0.6, 0.7], [1, 1, 1]],
    [[0.02, 0.02, 0.5], [0.06, 0.06, 0.5]],
    [[0.03], [0.03]],
    [[0, 1, 0.01], [0, 1, 0.02]],
  ];
  for (const [p, expected] of cases) {
    const adjusted = holm(p);
    assert.equal(adjusted.length, expected.length);
    adjusted.forEach((q, i) => close(q, expected[i], 1e-15, `holm([${p}])[${i}]`));
  }
});

Deno.test("holm() is monotone in the p-values, at least each p and at most 1", () => {
  const p = [0.3, 0.001, 0.04, 0.2, 0.011, 0.9, 0.04];
  const adjusted = holm(p);
  const order = p.map((_, i) => i).sort((i, j) => p[i] - p[j]);
  order.slice(1).forEach((i, k) => assert.ok(adjusted[i] >= adjusted[order[k]]));
  adjusted.forEach((q, i) => assert.ok(q >= p[i] && q <= 1));
  assert.deepEqual(p, [0.3, 0.001, 0.04, 0.2, 0.011, 0.9, 0.04]); // not sorted in place
});

Deno.test("holm() rejects no p-values or one outside [0, 1]", () => {
  assert.throws(
    () => holm([]),
    /Cannot adjust p-values: pValues must hold at least 1 value, got 0/,
  );
  assert.throws(
    () => holm([0.1, 1.5]),
    /pValues\[1\] must be a finite number in \[0, 1\], got 1.5/,
  );
  assert.throws(() => holm([NaN]), /pValues\[0\] must be a finite number in \[0, 1\], got NaN/);
  assert.throws(() => holm(0.05 as unknown as number[]), TypeError);
});
