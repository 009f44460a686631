/**
 * The machine's ceiling for the engine's arithmetic: how many WebAssembly
 * SIMD `f32x4.mul` + `f32x4.add` pairs (four float32 multiply-adds each,
 * unfused, as the engine computes them) one core runs per second.
 *
 * The module is written here byte by byte (no build step): one function
 * `run(n)` that updates 12 independent `v128` accumulators `a = a * 0.5 + 1`
 * twice per iteration for `n` iterations, so the multiplies and adds of
 * different chains overlap and only the CPU's throughput limits them (12
 * chains cover a multiply's and an add's latency on two pipes; more
 * accumulators than the 16 SIMD registers of x86-64 would spill). The values
 * converge to 2: never subnormal, never infinite.
 *
 * @module
 */
import process from "node:process";

/** Accumulators in the loop. */
const CHAINS = 12;
/** Multiply-add pairs per iteration. */
export const PAIRS_PER_ITERATION: number = 2 * CHAINS;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function f32Const(x: number): number[] {
  return [0x43, ...new Uint8Array(Float32Array.of(x).buffer)];
}

const SIMD = 0xfd;
const F32X4_SPLAT = [SIMD, ...uleb(0x13)];
const F32X4_EXTRACT_LANE_0 = [SIMD, ...uleb(0x1f), 0];
const F32X4_ADD = [SIMD, ...uleb(0xe4)];
const F32X4_MUL = [SIMD, ...uleb(0xe6)];
const localGet = (i: number) => [0x20, ...uleb(i)];
const localSet = (i: number) => [0x21, ...uleb(i)];

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** The module's bytes. */
export function ceilingModule(): Uint8Array<ArrayBuffer> {
  // Locals: 0 = n (i32 parameter), 1..CHAINS accumulators, then m and c (v128).
  const m = CHAINS + 1, c = CHAINS + 2;
  const code: number[] = [
    ...f32Const(0.5),
    ...F32X4_SPLAT,
    ...localSet(m),
    ...f32Const(1),
    ...F32X4_SPLAT,
    ...localSet(c),
  ];
  for (let i = 1; i <= CHAINS; i++) code.push(...f32Const(i / 10), ...F32X4_SPLAT, ...localSet(i));
  code.push(0x02, 0x40, 0x03, 0x40); // block, loop
  code.push(...localGet(0), 0x45, 0x0d, 1); // br_if 1 when n == 0
  for (let round = 0; round < 2; round++) {
    for (let i = 1; i <= CHAINS; i++) {
      code.push(...localGet(i), ...localGet(m), ...F32X4_MUL, ...localGet(c), ...F32X4_ADD);
      code.push(...localSet(i));
    }
  }
  code.push(...localGet(0), 0x41, 1, 0x6b, ...localSet(0)); // n -= 1
  code.push(0x0c, 0, 0x0b, 0x0b); // br 0, end loop, end block
  code.push(...localGet(1));
  for (let i = 2; i <= CHAINS; i++) code.push(...localGet(i), ...F32X4_ADD);
  code.push(...F32X4_EXTRACT_LANE_0, 0x0b);
  const body = [1, ...uleb(CHAINS + 2), 0x7b, ...code];
  const name = [...new TextEncoder().encode("run")];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]),
    ...section(3, [1, 0]),
    ...section(7, [1, name.length, ...name, 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** What {@linkcode simdCeiling} measured on one core. */
export interface SimdCeiling {
  /** `f32x4.mul` + `f32x4.add` pairs per CPU-second of one core. */
  pairsPerSecond: number;
  /** float32 multiply-adds per second (4 per pair). */
  multiplyAddsPerSecond: number;
  /** The same as GFLOP/s (a multiply and an add are two). */
  gflops: number;
}

/** CPU seconds the process has used (every thread; the others idle while this runs). */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * Runs the loop on this thread for about `seconds` of CPU time (after a
 * warm-up that lets V8 optimize it) and keeps the fastest of `repeats` runs,
 * timed in CPU time so that other load on the machine lowers it less.
 */
export function simdCeiling(seconds = 0.2, repeats = 5): SimdCeiling {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(ceilingModule()));
  const run = instance.exports.run as (n: number) => number;
  let n = 1000;
  // Warm up and calibrate: grow n until one run takes a tenth of the budget.
  for (;;) {
    const t0 = cpuSeconds();
    const value = run(n);
    const elapsed = cpuSeconds() - t0;
    if (Math.abs(value - 2 * CHAINS) > 1e-3 && n > 1000) throw new Error(`ceiling loop: ${value}`);
    if (elapsed > seconds / 10) {
      n = Math.ceil((n * seconds) / elapsed);
      break;
    }
    n *= 4;
  }
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = cpuSeconds();
    run(n);
    best = Math.min(best, cpuSeconds() - t0);
  }
  const pairsPerSecond = (n * PAIRS_PER_ITERATION) / best;
  return {
    pairsPerSecond,
    multiplyAddsPerSecond: 4 * pairsPerSecond,
    gflops: (8 * pairsPerSecond) / 1e9,
  };
}
