import assert from "node:assert/strict";
import { RandomState } from "../../lib/data/_random_state.ts";
import { maxDiff } from "../_fixtures.ts";

interface Stream {
  random_sample: number[];
  standard_normal: number[];
  "uniform_-10_10": number[];
  normal_3_2: number[];
  permutation_10: number[];
  permutation_500_x3: number[][];
  mixed: [number, number[], number, number, number];
}

const reference: {
  streams: Record<string, Stream>;
  random_interval_via_randint_int64: Record<string, Record<string, number[]>>;
} = JSON.parse(
  Deno.readTextFileSync(new URL("../../data/random_state.json", import.meta.url)),
);
const seeds = Object.keys(reference.streams);

Deno.test("RandomState.randomSample() draws numpy's random_sample() stream exactly", () => {
  for (const seed of seeds) {
    const rng = new RandomState(Number(seed));
    const got = reference.streams[seed].random_sample.map(() => rng.randomSample());
    assert.deepEqual(got, reference.streams[seed].random_sample, `seed ${seed}`);
  }
});

Deno.test("RandomState.standardNormal() draws numpy's legacy Gaussians, cached pair value included", () => {
  for (const seed of seeds) {
    const rng = new RandomState(Number(seed));
    const expected = reference.streams[seed].standard_normal;
    const got = expected.map(() => rng.standardNormal());
    assert.ok(maxDiff(got, expected) <= 1e-15, `seed ${seed}`);
  }
});

Deno.test("RandomState.uniform() and normal() match numpy's legacy uniform and normal", () => {
  for (const seed of seeds) {
    let rng = new RandomState(Number(seed));
    const uniform = reference.streams[seed]["uniform_-10_10"];
    assert.ok(maxDiff(uniform.map(() => rng.uniform(-10, 10)), uniform) <= 1e-14, `seed ${seed}`);
    rng = new RandomState(Number(seed));
    const normal = reference.streams[seed].normal_3_2;
    assert.ok(maxDiff(normal.map(() => rng.normal(3, 2)), normal) <= 1e-14, `seed ${seed}`);
  }
});

Deno.test("RandomState.permutation() matches numpy's RandomState.permutation(n)", () => {
  for (const seed of seeds) {
    let rng = new RandomState(Number(seed));
    assert.deepEqual(rng.permutation(10), reference.streams[seed].permutation_10, `seed ${seed}`);
    rng = new RandomState(Number(seed));
    const epochs = reference.streams[seed].permutation_500_x3.map(() => rng.permutation(500));
    assert.deepEqual(epochs, reference.streams[seed].permutation_500_x3, `seed ${seed}`);
  }
});

Deno.test("RandomState keeps numpy's order of draws across mixed calls", () => {
  for (const seed of seeds) {
    const rng = new RandomState(Number(seed));
    const [gauss1, perm, gauss2, sample, gauss3] = reference.streams[seed].mixed;
    assert.ok(Math.abs(rng.standardNormal() - gauss1) <= 1e-15);
    assert.deepEqual(rng.permutation(7), perm);
    assert.ok(Math.abs(rng.standardNormal() - gauss2) <= 1e-15);
    assert.equal(rng.randomSample(), sample);
    assert.ok(Math.abs(rng.standardNormal() - gauss3) <= 1e-15);
  }
});

Deno.test("RandomState.randomInterval() matches numpy's masked rejection, 32- and 64-bit", () => {
  for (const [seed, perMax] of Object.entries(reference.random_interval_via_randint_int64)) {
    for (const [max, expected] of Object.entries(perMax)) {
      const rng = new RandomState(Number(seed));
      const got = expected.map(() => rng.randomInterval(Number(max)));
      assert.deepEqual(got, expected, `seed ${seed}, max ${max}`);
    }
  }
  assert.equal(new RandomState(0).randomInterval(0), 0);
});

Deno.test("RandomState.shuffle() shuffles in place like permutation() and keeps the items", () => {
  const items = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
  const shuffled = new RandomState(2).shuffle([...items]);
  const order = new RandomState(2).permutation(10);
  assert.deepEqual(shuffled, order.map((i) => items[i]));
  const typed = new Float64Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(new RandomState(2).shuffle(typed), typed);
  assert.deepEqual(Array.from(typed), order);
  assert.deepEqual(new RandomState(2).shuffle([]), []);
  assert.deepEqual(new RandomState(2).permutation(0), []);
  assert.deepEqual(new RandomState(2).permutation(1), [0]);
});

Deno.test("RandomState.permutationInto() makes numpy's swaps from randomInterval() and leaves the stream where they do", () => {
  // numpy's legacy shuffle of arange(n), spelled out with randomInterval.
  const byDefinition = (rng: RandomState, n: number) => {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.randomInterval(i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  };
  const a = new RandomState(5);
  const b = new RandomState(5);
  // Sizes across the generator's refills (624 draws), each followed by a plain draw.
  for (const n of [0, 1, 2, 7, 500, 500, 1000, 3, 4097]) {
    assert.deepEqual(
      Array.from(a.permutationInto(new Int32Array(n))),
      byDefinition(b, n),
      `n = ${n}`,
    );
    assert.equal(a.nextUint32(), b.nextUint32(), `after n = ${n}`);
  }
});

Deno.test("RandomState is deterministic for a seed", () => {
  const a = new RandomState(123);
  const b = new RandomState(123);
  for (let i = 0; i < 1000; i++) assert.equal(a.nextUint32(), b.nextUint32());
  assert.deepEqual(a.permutation(50), b.permutation(50));
  assert.notDeepEqual(new RandomState(1).permutation(50), new RandomState(2).permutation(50));
});

Deno.test("RandomState() rejects seeds outside [0, 2**32 - 1] and non-integers", () => {
  for (const seed of [-1, 2 ** 32, 1.5, NaN, Infinity]) {
    assert.throws(() => new RandomState(seed), (e: unknown) => {
      return e instanceof RangeError && e.message.includes("seed") &&
        e.message.includes(String(seed));
    });
  }
  assert.throws(() => new RandomState("1" as unknown as number), TypeError);
  assert.doesNotThrow(() => new RandomState(2 ** 32 - 1));
});

Deno.test("RandomState.randomInterval() and permutation() reject bad sizes", () => {
  const rng = new RandomState(0);
  for (const bad of [-1, 0.5, 2 ** 53, NaN]) {
    assert.throws(() => rng.randomInterval(bad), RangeError);
    assert.throws(() => rng.permutation(bad), RangeError);
  }
});
