import assert from "node:assert/strict";
import { largestEigenvalue, symmetricEigen } from "../../lib/analysis/eigen.ts";
import { mulberry32 } from "../_fixtures.ts";

/** A random orthogonal n × n matrix: the product of n seeded Householder reflections. */
function randomOrthogonal(n: number, seed: number): Float64Array[] {
  const random = mulberry32(seed);
  const Q = Array.from(
    { length: n },
    (_, i) => Float64Array.from({ length: n }, (_, j) => +(i === j)),
  );
  for (let r = 0; r < n; r++) {
    const v = Float64Array.from({ length: n }, () => random() - 0.5);
    const norm2 = v.reduce((s, x) => s + x * x, 0);
    // Q ← Q (I − 2 v vᵀ / vᵀv)
    for (const row of Q) {
      const d = row.reduce((s, x, k) => s + x * v[k], 0);
      for (let k = 0; k < n; k++) row[k] -= (2 * d * v[k]) / norm2;
    }
  }
  return Q;
}

/** Q diag(values) Qᵀ, symmetrised exactly. */
function withSpectrum(values: number[], seed: number): Float64Array[] {
  const n = values.length;
  const Q = randomOrthogonal(n, seed);
  const A = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q[i][k] * values[k] * Q[j][k];
      A[i][j] = A[j][i] = s;
    }
  }
  return A;
}

const descending = (values: number[]) => [...values].sort((a, b) => b - a);
const maxError = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

Deno.test("symmetricEigen() recovers known spectra, with repeated and negative eigenvalues", () => {
  const random = mulberry32(7);
  const spectra: number[][] = [
    [5],
    [3, -1],
    Array.from({ length: 30 }, () => 20 * random() - 10),
    [4, 4, 4, 1, 1, -2, -2, -2, 0, 0], // multiplicities
    Array.from({ length: 120 }, (_, i) => (i < 3 ? 300 - 50 * i : 5 * random() - 2.5)), // a Hessian's shape
  ];
  for (const [s, spectrum] of spectra.entries()) {
    const A = withSpectrum(spectrum, s + 1);
    const { values, vectors } = symmetricEigen(A, { vectors: true });
    const scale = Math.max(...spectrum.map(Math.abs));
    assert.ok(
      maxError(values, descending(spectrum)) < 1e-12 * scale * spectrum.length,
      `spectrum ${s}`,
    );
    assert.deepEqual(symmetricEigen(A).values, values, "values alone are the same numbers");
    // A v = λ v, and the vectors are orthonormal.
    const n = spectrum.length;
    for (let i = 0; i < n; i++) {
      const v = vectors![i];
      for (let r = 0; r < n; r++) {
        const Av = A[r].reduce((sum, x, k) => sum + x * v[k], 0);
        assert.ok(Math.abs(Av - values[i] * v[r]) < 1e-11 * scale, `spectrum ${s}, vector ${i}`);
      }
      for (let j = 0; j <= i; j++) {
        const d = v.reduce((sum, x, k) => sum + x * vectors![j][k], 0);
        assert.ok(Math.abs(d - (i === j ? 1 : 0)) < 1e-12, `spectrum ${s}: v${i}·v${j} = ${d}`);
      }
    }
  }
});

Deno.test("symmetricEigen() finds the closed-form eigenvalues of the 303 × 303 second-difference matrix", () => {
  // tridiag(−1, 2, −1) has eigenvalues 2 − 2 cos(kπ/(n + 1)), k = 1..n.
  const n = 303;
  const A = Array.from(
    { length: n },
    (_, i) =>
      Float64Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)),
  );
  const exact = descending(
    Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))),
  );
  assert.ok(maxError(symmetricEigen(A).values, exact) < 1e-13);
  // Diagonal and zero matrices come back as they are.
  assert.deepEqual(symmetricEigen([[0, 0], [0, 0]]).values, [0, 0]);
  assert.deepEqual(symmetricEigen([[1, 0, 0], [0, 3, 0], [0, 0, 2]]).values, [3, 2, 1]);
});

Deno.test("largestEigenvalue() agrees with symmetricEigen() on random and structured spectra", () => {
  const random = mulberry32(11);
  const spectra: number[][] = [
    [2, 1],
    Array.from({ length: 50 }, () => 10 * random() - 5),
    [7, 7, 7, 1, 0, -3], // a repeated largest value: its value, once
    [-10, -8, 1, 2], // largest means most positive, not largest in magnitude
    [-1, -2, -3], // every eigenvalue negative
    Array.from({ length: 303 }, (_, i) => (i === 0 ? 380 : i === 1 ? 379 : 30 * random() - 5)), // a narrow gap
  ];
  for (const [s, spectrum] of spectra.entries()) {
    const A = withSpectrum(spectrum, 100 + s);
    const top = Math.max(...spectrum);
    const value = largestEigenvalue(A);
    assert.ok(
      Math.abs(value - top) < 1e-9 * Math.max(1, Math.abs(top)),
      `spectrum ${s}: ${value} vs ${top}`,
    );
    assert.equal(largestEigenvalue(A), value, "deterministic");
  }
  assert.equal(largestEigenvalue([[0, 0], [0, 0]]), 0);
  assert.equal(largestEigenvalue([[4]]), 4);
  // A looser tolerance stops sooner, still near the value.
  const A = withSpectrum(Array.from({ length: 100 }, (_, i) => 100 / (i + 1)), 3);
  assert.ok(Math.abs(largestEigenvalue(A, { tolerance: 1e-3 }) - 100) < 0.1);
});

Deno.test("symmetricEigen() and largestEigenvalue() reject bad matrices and options, naming them", () => {
  for (const f of [symmetricEigen, largestEigenvalue]) {
    assert.throws(() => f([]), TypeError);
    assert.throws(() => f("no" as never), /matrix must be a non-empty array of rows, got "no"/);
    assert.throws(
      () => f([[1, 2], [3]]),
      /matrix must be square \(2 × 2\), got matrix\[1\] of length 1/,
    );
    assert.throws(() => f([[1, 2]]), RangeError);
    assert.throws(
      () => f([[1, NaN], [NaN, 1]]),
      /matrix\[0\]\[1\] must be a finite number, got NaN/,
    );
    assert.throws(
      () => f([[1, 2], [2.5, 1]]),
      /matrix must be symmetric, got matrix\[1\]\[0\] = 2.5/,
    );
    assert.throws(() => f([[1, 2], 2] as never), /matrix\[1\] must be an array of numbers, got 2/);
  }
  assert.throws(
    () => symmetricEigen([[1]], { vectors: 1 as never }),
    /vectors must be a boolean, got 1/,
  );
  assert.throws(
    () => largestEigenvalue([[1]], { tolerance: 0 }),
    /tolerance must be a finite number in \(0, 1\), got 0/,
  );
  assert.throws(() => largestEigenvalue([[1]], { tolerance: "1" as never }), TypeError);
  assert.throws(() => symmetricEigen([[1]], null as never), /options must be an object, got null/);
});
