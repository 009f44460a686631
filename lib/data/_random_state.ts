/**
 * A port of numpy's legacy `numpy.random.RandomState` seeded with an integer:
 * the MT19937 generator, its 53-bit doubles, the polar Gaussian with its
 * cached second value, and the legacy `shuffle`/`permutation`. Seeded alike,
 * it draws the very numbers numpy draws, so scikit-learn's `random_state=2`
 * can be reproduced in TypeScript.
 *
 * @module
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_POW_32 = 4294967296;

/**
 * numpy's legacy `RandomState(seed)` for an integer seed: same stream, same
 * numbers, draw for draw.
 *
 * @example
 * ```ts
 * import { RandomState } from "./_random_state.ts";
 * import assert from "node:assert/strict";
 *
 * // rng = np.random.RandomState(0); rng.random_sample(); rng.permutation(5)
 * const rng = new RandomState(0);
 * assert.equal(rng.randomSample(), 0.5488135039273248);
 * assert.deepEqual(rng.permutation(5), [4, 2, 1, 3, 0]);
 * ```
 */
export class RandomState {
  // Int32Array, not Uint32Array: its items are small integers to V8 (int32),
  // where a Uint32Array's above 2**31 are doubles; the same bits either way,
  // and permutationInto takes half the time.
  #key = new Int32Array(N);
  #pos = N;
  #hasGauss = false;
  #gauss = 0;

  /**
   * Seeds the generator as numpy's legacy seeding does for an integer
   * (`mt19937_seed`, Knuth's `init_genrand`).
   *
   * @param seed An integer in [0, 2**32 - 1].
   * @throws {TypeError} If `seed` is not a number.
   * @throws {RangeError} If `seed` is not an integer in [0, 2**32 - 1].
   */
  constructor(seed: number) {
    if (typeof seed !== "number") {
      throw new TypeError(`Cannot make RandomState: seed must be a number, got ${typeof seed}`);
    }
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(
        `Cannot make RandomState: seed must be an integer in [0, 2**32 - 1], got ${seed}`,
      );
    }
    const key = this.#key;
    let s = seed >>> 0;
    for (let pos = 0; pos < N; pos++) {
      key[pos] = s;
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + pos + 1) >>> 0;
    }
  }

  /** Refills the state (MT19937's "generate"), in int32 arithmetic: `-(y & 1) & MATRIX_A` is `y & 1 ? MATRIX_A : 0`. */
  #generate(): void {
    const key = this.#key;
    let i = 0;
    let y: number;
    for (; i < N - M; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < N - 1; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.#pos = 0;
  }

  /**
   * The next raw 32-bit output of MT19937 (numpy's `next_uint32`).
   *
   * @returns An integer in [0, 2**32 - 1].
   */
  nextUint32(): number {
    if (this.#pos === N) this.#generate();
    let y = this.#key[this.#pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * A double in [0, 1) from two 32-bit draws, as numpy's legacy
   * `random_sample()`: `((a >> 5) * 67108864 + (b >> 6)) / 2**53`.
   *
   * @returns A number in [0, 1) with 53 random bits.
   */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * A uniform draw on [low, high), as numpy's legacy `uniform(low, high)`:
   * `low + (high - low) * random_sample()`.
   *
   * @param low Lower bound, included.
   * @param high Upper bound, excluded.
   * @returns The draw.
   */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.randomSample();
  }

  /**
   * A standard normal draw by the polar (Marsaglia) method, as numpy's
   * `legacy_gauss`: each accepted pair gives two values, the second kept for
   * the next call.
   *
   * @returns The draw.
   */
  standardNormal(): number {
    if (this.#hasGauss) {
      this.#hasGauss = false;
      const value = this.#gauss;
      this.#gauss = 0;
      return value;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.#gauss = f * x1;
    this.#hasGauss = true;
    return f * x2;
  }

  /**
   * A normal draw, as numpy's legacy `normal(loc, scale)`: `loc + scale * gauss`.
   *
   * @param loc Mean.
   * @param scale Standard deviation.
   * @returns The draw.
   */
  normal(loc: number, scale: number): number {
    return loc + scale * this.standardNormal();
  }

  /**
   * A uniform integer in [0, max], as numpy's `random_interval`: the draw is
   * masked to the smallest all-ones bit mask covering `max` and redrawn while
   * above it; 32-bit draws when `max <= 0xffffffff`, 64-bit draws (high word
   * first) above that.
   *
   * @param max The largest value, an integer in [0, 2**53 - 1].
   * @returns The draw.
   * @throws {RangeError} If `max` is not such an integer.
   */
  randomInterval(max: number): number {
    if (max <= 0xffffffff && max >= 0 && max === Math.floor(max)) {
      if (max === 0) return 0;
      let mask = max;
      mask |= mask >>> 1;
      mask |= mask >>> 2;
      mask |= mask >>> 4;
      mask |= mask >>> 8;
      mask |= mask >>> 16;
      mask >>>= 0;
      let value: number;
      while ((value = (this.nextUint32() & mask) >>> 0) > max);
      return value;
    }
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new RangeError(
        `Cannot draw an integer: max must be an integer in [0, 2**53 - 1], got ${max}`,
      );
    }
    let maskHigh = Math.floor(max / TWO_POW_32);
    maskHigh |= maskHigh >>> 1;
    maskHigh |= maskHigh >>> 2;
    maskHigh |= maskHigh >>> 4;
    maskHigh |= maskHigh >>> 8;
    maskHigh |= maskHigh >>> 16;
    let value: number;
    do {
      const high = (this.nextUint32() & maskHigh) >>> 0;
      const low = this.nextUint32();
      value = high * TWO_POW_32 + low;
    } while (value > max);
    return value;
  }

  /**
   * Shuffles an array in place, as numpy's legacy `shuffle` of a 1-d array:
   * for `i` from `n - 1` down to 1, swap items `i` and `randomInterval(i)`.
   * Those swaps move item `order[k]` to place `k`, where `order` is
   * {@linkcode permutationInto}'s, which draws them.
   *
   * @param array The array to shuffle; changed in place.
   * @returns The same array.
   */
  shuffle<A extends { length: number; [index: number]: unknown }>(array: A): A {
    const order = this.permutationInto(new Int32Array(array.length));
    const items = Array.from({ length: array.length }, (_, i) => array[i]);
    for (let k = 0; k < order.length; k++) array[k] = items[order[k]];
    return array;
  }

  /**
   * A random permutation of `0 .. n - 1`, as numpy's
   * `RandomState.permutation(n)`: `arange(n)`, then {@linkcode shuffle}.
   *
   * @param n How many integers; a non-negative integer.
   * @returns The permutation.
   * @throws {RangeError} If `n` is not a non-negative integer.
   */
  permutation(n: number): number[] {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(
        `Cannot make permutation: n must be a non-negative integer, got ${n}`,
      );
    }
    const order = this.permutationInto(new Int32Array(n));
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = order[i];
    return out;
  }

  /**
   * {@linkcode permutation} of `0 .. out.length - 1` written into `out`, for
   * orders of up to 2**31 items: `arange(n)` and {@linkcode shuffle}'s swaps,
   * each `randomInterval(i)` inlined (twice as fast as calling it), without
   * allocating (fitSeeds draws one per seed and epoch). {@linkcode shuffle}
   * and {@linkcode permutation} are made from it.
   *
   * @param out Where the permutation goes; its length is `n`.
   * @returns `out`.
   */
  permutationInto(out: Int32Array): Int32Array {
    const n = out.length;
    for (let i = 0; i < n; i++) out[i] = i;
    const key = this.#key;
    let pos = this.#pos;
    for (let i = n - 1; i > 0; i--) {
      // The smallest all-ones mask covering i, as randomInterval computes it.
      const mask = 0xffffffff >>> Math.clz32(i);
      let j: number;
      do {
        if (pos === N) {
          this.#generate();
          pos = 0;
        }
        // nextUint32's tempering; the mask keeps the result below 2**31.
        let y = key[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        j = y & mask;
      } while (j > i);
      const item = out[i];
      out[i] = out[j];
      out[j] = item;
    }
    this.#pos = pos;
    return out;
  }
}
