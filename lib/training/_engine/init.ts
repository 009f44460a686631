/**
 * The initial weights of `defineModel({ seed })` computed without tfjs, bit
 * for bit: the hidden kernel is tfjs-layers' `heUniform({ seed })`, the
 * output kernel `glorotUniform({ seed: seed + 1 })`, the biases zero. Both
 * initializers are tfjs-layers' `VarianceScaling` with a uniform
 * distribution: `limit = sqrt(3 * scale)` with `scale = 2 / fanIn` (He) or
 * `1 / ((fanIn + fanOut) / 2)` (Glorot), then tfjs-core's `randomUniform(shape,
 * -limit, limit, "float32", seed)`, which draws `min + range * alea()` for
 * every element in row-major order from seedrandom's `alea(String(seed))`
 * and stores it in a `Float32Array`. `alea` and its `Mash` seeding are
 * ported below from seedrandom 3.0.5 (`lib/alea.js`, Johannes Baagøe's
 * generator, MIT), the version tfjs-core 4.22 depends on.
 *
 * Tested against `defineModel` for seeds 0 to 99 and the largest seed.
 *
 * @module
 */
import { layoutOf, type MlpShape } from "../../_layout.ts";

/** seedrandom's `Mash`: hashes strings into numbers in [0, 1), carrying its state from call to call. */
function mash(): (data: string) => number {
  let n = 0xefc8249d;
  return (data) => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000; // 2^32
    }
    return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
  };
}

/** seedrandom's `alea(seed)`: a generator of numbers in [0, 1). */
export function alea(seed: string): () => number {
  const hash = mash();
  let c = 1;
  let s0 = hash(" ");
  let s1 = hash(" ");
  let s2 = hash(" ");
  s0 -= hash(seed);
  if (s0 < 0) s0 += 1;
  s1 -= hash(seed);
  if (s1 < 0) s1 += 1;
  s2 -= hash(seed);
  if (s2 < 0) s2 += 1;
  return () => {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10; // 2^-32
    s0 = s1;
    s1 = s2;
    return s2 = t - (c = t | 0);
  };
}

/**
 * tfjs' seeded `VarianceScaling` kernel of `rows × columns` with a uniform
 * distribution, written into `out` from `offset`.
 */
function uniformKernel(
  out: Float32Array,
  offset: number,
  rows: number,
  columns: number,
  scale: number,
  seed: number,
): void {
  const limit = Math.sqrt(3 * scale);
  const min = -limit;
  const range = limit - min;
  const random = alea(seed.toString());
  for (let i = 0; i < rows * columns; i++) out[offset + i] = min + range * random();
}

/**
 * The initial weights of `defineModel({ seed, inputs, hiddenUnits, classes })`,
 * flat in `_layout.ts`' order: He-uniform hidden kernel (seed `seed`), zero
 * hidden bias, Glorot-uniform output kernel (seed `seed + 1`), zero output bias.
 *
 * @param seed An integer seed, as `defineModel`'s.
 * @param shape Layer sizes.
 * @returns One model's parameters.
 */
export function initialWeights(seed: number, shape: MlpShape): Float32Array {
  const { inputs: I, hidden: H, classes: C } = shape;
  const layout = layoutOf(shape);
  const params = new Float32Array(layout.size);
  uniformKernel(params, layout.w1, I, H, 2 / Math.max(1, I), seed);
  uniformKernel(params, layout.w2, H, C, 1 / Math.max(1, (H + C) / 2), seed + 1);
  return params;
}
