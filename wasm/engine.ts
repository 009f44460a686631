// AssemblyScript, not Deno TypeScript: the SIMD engine of fitSeeds, compiled
// to WebAssembly by `deno task setup` (tools/build_wasm.ts) into
// .build/engine.wasm and loaded by lib/training/_engine/wasm_engine.ts, which
// lays out the memory and documents the semantics. deno lint and deno fmt
// leave this directory alone (deno fmt would drop the `@inline` decorators),
// so it is formatted by hand in deno fmt's style. The hidden layer is padded
// to a multiple of 4 (HP) and each f32x4 holds 4 hidden units; in the fast
// path's loss, the lanes hold four examples instead.
//
// Every change here that is meant to be faster, not different, keeps each
// float32 operation and its order: fitSeeds' results stay the same bit for
// bit (compared on whole fits before each such change landed), and so do the
// notebooks' figures. A ReLU is `pmax(0, a)` (a > 0 ? a : 0, the same bits as
// a compare and a select), a mask `and` rather than `bitselect` with zero.
//
// One model's parameters, in floats: hidden kernel W1 [I][HP], hidden bias b1
// [HP], the output kernel transposed W2T [C][HP], output bias b2 [C4] (C4 = C
// rounded up to 4). Padding is zero and stays zero.
//
// Scratch (floats): h [HP], grad [model size], z [C4], p [C4], dz [C4], and
// three more h [HP] for the fast path's four examples at once; for the
// tutorial's shape, the gradient and the four h are in WORK instead.
//
// The tutorial's own shape (2 inputs, 50 hidden units padded to 52, 3
// classes, the loss from logits) trains and is evaluated at constant
// addresses: each model is copied into WORK (static data) for its epoch or
// its evaluation, and the passes over its hidden units are unrolled, so that
// V8 can prove each access to a weight, a gradient or a hidden unit in
// bounds and leaves out the check it otherwise makes before every access to
// memory in Deno (see WORK).

const LOW: f32 = <f32> 1e-7;
const HIGH: f32 = <f32> (1 - 1e-7);
/**
 * No subnormal floats (below 2^-126), which WebAssembly cannot flush to zero
 * and which some CPUs compute on a slow path: the softmax's exp is 0 where
 * its argument is below EXP_CUTOFF (e^-60 ~ 8.8e-27, so probabilities and
 * the gradients made of them stay far from 2^-126), after each update a
 * momentum accumulator of magnitude below FLUSH (2^-100) is 0, and after
 * each epoch a weight that small is 0.
 * NaN passes both unchanged. lib/training/_engine/js.ts does the same.
 */
const EXP_CUTOFF: f32 = -60;
const FLUSH: f32 = <f32> 7.888609052210118e-31; // 2^-100

/** Where JS may start laying out buffers. */
export function heapBase(): usize {
  return __heap_base;
}

let gI: i32 = 0;
let gHP: i32 = 0;
let gC: i32 = 0;
let gC4: i32 = 0;
let gMP: i32 = 0;
let sH: usize = 0;
let sGrad: usize = 0;
let sZ: usize = 0;
let sP: usize = 0;
let sDz: usize = 0;
let sH2: usize = 0;
let sH3: usize = 0;
let sH4: usize = 0;
let lastCorrect: i32 = 0;

/** Sets the layer sizes and the scratch space for the calls that follow. */
export function configure(I: i32, HP: i32, C: i32, scratch: usize): void {
  gI = I;
  gHP = HP;
  gC = C;
  gC4 = (C + 3) & ~3;
  gMP = (I + 1 + C) * HP + gC4;
  sH = scratch;
  sGrad = sH + (<usize> HP << 2);
  sZ = sGrad + (<usize> gMP << 2);
  sP = sZ + (<usize> gC4 << 2);
  sDz = sP + (<usize> gC4 << 2);
  sH2 = sDz + (<usize> gC4 << 2);
  sH3 = sH2 + (<usize> HP << 2);
  sH4 = sH3 + (<usize> HP << 2);
  if (I == 2 && C == 3 && HP == HP52) {
    // The tutorial's shape: the gradient and the hidden layers in WORK.
    sGrad = G;
    sH = H;
    sH2 = H + HB;
    sH3 = H + 2 * HB;
    sH4 = H + 3 * HB;
  }
  setConstants();
}

/** Floats of one model's parameters in this layout. */
export function modelSize(): i32 {
  return gMP;
}

/** Floats of scratch space {@link configure} needs. */
export function scratchSize(I: i32, HP: i32, C: i32): i32 {
  const C4 = (C + 3) & ~3;
  return HP + (I + 1 + C) * HP + C4 + 3 * C4 + 3 * HP;
}

function f(ptr: usize, i: i32): f32 {
  return load<f32>(ptr + (<usize> i << 2));
}

function setf(ptr: usize, i: i32, v: f32): void {
  store<f32>(ptr + (<usize> i << 2), v);
}

/**
 * Forward pass of one example (features at `xp`) through the model at `w`:
 * h into sH, f32 logits into sZ. Returns the largest logit.
 */
function forward(w: usize, xp: usize): f32 {
  const I = gI, HP = gHP, C = gC;
  const b1 = w + (<usize> (I * HP) << 2);
  const w2 = b1 + (<usize> HP << 2);
  const b2 = w2 + (<usize> (C * HP) << 2);
  const zero = f32x4.splat(0);
  for (let j = 0; j < HP; j += 4) {
    const off = <usize> j << 2;
    let a = f32x4.mul(f32x4.splat(load<f32>(xp)), v128.load(w + off));
    for (let i = 1; i < I; i++) {
      a = f32x4.add(
        a,
        f32x4.mul(
          f32x4.splat(load<f32>(xp + (<usize> i << 2))),
          v128.load(w + (<usize> (i * HP + j) << 2)),
        ),
      );
    }
    a = f32x4.add(a, v128.load(b1 + off));
    v128.store(sH + off, f32x4.pmax(zero, a));
  }
  let max: f32 = -Infinity;
  for (let c = 0; c < C; c++) {
    const row = w2 + (<usize> (c * HP) << 2);
    let s = f32x4.splat(0);
    for (let j = 0; j < HP; j += 4) {
      const off = <usize> j << 2;
      s = f32x4.add(s, f32x4.mul(v128.load(sH + off), v128.load(row + off)));
    }
    const dot: f32 = (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) +
      (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
    const z: f32 = dot + f(b2, c);
    setf(sZ, c, z);
    if (c === 0 || z > max) max = z;
  }
  return max;
}

/**
 * tfjs' softmaxCrossEntropy on the logits in sZ (see lib/_engine.ts): returns
 * the example's f32 loss; with `scale` not 0, sP gets the probabilities and
 * sDz the gradient times `scale`.
 */
function logitsLoss(max: f32, yp: usize, scale: f64): f32 {
  const C = gC;
  let sum: f64 = 0;
  for (let c = 0; c < C; c++) {
    const d: f32 = f(sZ, c) - max;
    if (!(d < EXP_CUTOFF)) sum += <f32> Math.exp(<f64> d);
  }
  const lse: f32 = max + <f32> Math.log(<f64> <f32> sum);
  let loss: f64 = 0;
  for (let c = 0; c < C; c++) {
    const logP: f32 = f(sZ, c) - lse;
    const yc = load<f32>(yp + (<usize> c << 2));
    if (yc != 0) loss += -(logP * yc);
    if (scale != 0) {
      const p: f32 = logP < EXP_CUTOFF ? 0 : <f32> Math.exp(<f64> logP);
      setf(sP, c, p);
      setf(sDz, c, <f32> (scale * (<f64> p - <f64> yc)));
    }
  }
  return <f32> loss;
}

/**
 * tfjs-layers' clipped categoricalCrossentropy on the softmax of sZ (see
 * lib/_engine.ts); sP always gets the probabilities, sDz the gradient times
 * `scale` when `scale` is not 0.
 */
function clippedLoss(max: f32, yp: usize, scale: f64): f32 {
  const C = gC;
  let sum: f64 = 0;
  for (let c = 0; c < C; c++) {
    const d: f32 = f(sZ, c) - max;
    const e: f32 = d < EXP_CUTOFF ? 0 : <f32> Math.exp(<f64> d);
    setf(sP, c, e);
    sum += e;
  }
  const sum32 = <f32> sum;
  let total: f64 = 0;
  for (let c = 0; c < C; c++) {
    const p: f32 = f(sP, c) / sum32;
    setf(sP, c, p);
    total += p;
  }
  const t: f64 = <f64> <f32> total;
  let loss: f64 = 0;
  let dot: f64 = 0;
  for (let c = 0; c < C; c++) {
    const p = f(sP, c);
    const q: f32 = <f32> (<f64> p / t);
    const clipped: f32 = q < LOW ? LOW : q > HIGH ? HIGH : q;
    const yc: f64 = <f64> load<f32>(yp + (<usize> c << 2));
    if (yc != 0) loss += yc * <f64> <f32> Math.log(<f64> clipped);
    const dq: f64 = q >= LOW && q <= HIGH ? (-scale * yc) / <f64> clipped : 0;
    store<f64>(scratchF64 + (<usize> c << 3), dq);
    dot += dq * <f64> p;
  }
  if (scale != 0) {
    const ds = -dot / (t * t);
    let pdp: f64 = 0;
    for (let c = 0; c < C; c++) {
      const dp = load<f64>(scratchF64 + (<usize> c << 3)) / t + ds;
      store<f64>(scratchF64 + (<usize> c << 3), dp);
      pdp += <f64> f(sP, c) * dp;
    }
    for (let c = 0; c < C; c++) {
      const dp = load<f64>(scratchF64 + (<usize> c << 3));
      setf(sDz, c, <f32> (<f64> f(sP, c) * (dp - pdp)));
    }
  }
  return <f32> -loss;
}

/** f64 scratch for the clipped loss' gradient (up to 64 classes), set by JS. */
let scratchF64: usize = 0;
export function setScratchF64(ptr: usize): void {
  scratchF64 = ptr;
}

/** Index of the first largest of C floats at `ptr`. */
function argMax(ptr: usize): i32 {
  let best = 0;
  let max = f(ptr, 0);
  for (let c = 1; c < gC; c++) {
    const v = f(ptr, c);
    if (v > max) {
      max = v;
      best = c;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------
// The tutorial's shape, 2 inputs and 3 classes, unrolled: one pass over the
// hidden units computes the hidden layer and all three logits, one pass the
// whole backward step; the softmax is one f32x4 exp over the classes.

// exp4's and log4's constants as globals that configure() sets: V8 rebuilds
// a v128 constant at each use from two 64-bit halves (three instructions)
// when registers are short, and loads a global in one. Set at run time, so
// the compiler cannot fold them back into constants.
let kLog2e: v128 = f32x4.splat(0);
let kHalf: v128 = f32x4.splat(0);
let kLn2Hi: v128 = f32x4.splat(0);
let kLn2Lo: v128 = f32x4.splat(0);
let kP0: v128 = f32x4.splat(0);
let kP1: v128 = f32x4.splat(0);
let kP2: v128 = f32x4.splat(0);
let kP3: v128 = f32x4.splat(0);
let kP4: v128 = f32x4.splat(0);
let kP5: v128 = f32x4.splat(0);
let kOne: v128 = f32x4.splat(0);
let kMagic: v128 = f32x4.splat(0);
let kBias: v128 = f32x4.splat(0);
let kCut: v128 = f32x4.splat(0);

/** Sets the constants of exp4 and log4 (from configure). */
function setConstants(): void {
  kLog2e = f32x4.splat(1.44269504088896341);
  kHalf = f32x4.splat(0.5);
  kLn2Hi = f32x4.splat(0.693359375);
  kLn2Lo = f32x4.splat(-2.12194440e-4);
  kP0 = f32x4.splat(1.9875691500e-4);
  kP1 = f32x4.splat(1.3981999507e-3);
  kP2 = f32x4.splat(8.3334519073e-3);
  kP3 = f32x4.splat(4.1665795894e-2);
  kP4 = f32x4.splat(1.6666665459e-1);
  kP5 = f32x4.splat(5.0000001201e-1);
  kOne = f32x4.splat(1);
  kMagic = f32x4.splat(12582912.0);
  kBias = i32x4.splat(0x4B400000 - 127);
  kCut = f32x4.splat(EXP_CUTOFF);
  kMinNormal = f32x4.splat(reinterpret<f32>(0x00800000));
  kInf = f32x4.splat(Infinity);
  kLn2 = f64x2.splat(reinterpret<f64>(0x3FE62E42FEFA39EF));
  kA0 = f64x2.splat(reinterpret<f64>(0xBFD00EA348B88334));
  kA1 = f64x2.splat(reinterpret<f64>(0x3FD5575B0BE00B6A));
  kA2 = f64x2.splat(reinterpret<f64>(0xBFDFFFFEF20A4123));
  kOne64 = f64x2.splat(1);
}

/**
 * exp of 4 lanes in float32 (Cephes' expf: within about 1 ulp), for x in
 * [-87.3, 88] (Cephes clamps to that range; every caller here passes
 * pmax(d, kCut), in [-60, 0], so the clamp is left out: it changed nothing);
 * NaN stays NaN. 2^fx is built from fx + 1.5·2^23, whose low bits are the
 * integer fx (exact for |fx| < 2^22; here |fx| <= 87): three instructions
 * where i32x4.trunc_sat_f32x4_s takes five, the same bits (a NaN fx makes a
 * factor 1 either way, and y is NaN).
 */
function exp4(x: v128): v128 {
  const fx = f32x4.floor(f32x4.add(f32x4.mul(x, kLog2e), kHalf));
  let r = f32x4.sub(x, f32x4.mul(fx, kLn2Hi));
  r = f32x4.sub(r, f32x4.mul(fx, kLn2Lo));
  let y = f32x4.add(f32x4.mul(kP0, r), kP1);
  y = f32x4.add(f32x4.mul(y, r), kP2);
  y = f32x4.add(f32x4.mul(y, r), kP3);
  y = f32x4.add(f32x4.mul(y, r), kP4);
  y = f32x4.add(f32x4.mul(y, r), kP5);
  y = f32x4.add(f32x4.add(f32x4.mul(y, f32x4.mul(r, r)), r), kOne);
  return f32x4.mul(y, i32x4.shl(i32x4.sub(f32x4.add(fx, kMagic), kBias), 23));
}

/**
 * musl's logf table, as AssemblyScript's Mathf.log has it (1/c and log(c)
 * for 16 subintervals of [0x1.66p-1, 0x1.66p+0)), for {@link log4}.
 */
const LOGF_TAB = memory.data<u64>([
  0x3FF661EC79F8F3BE,
  0xBFD57BF7808CAADE,
  0x3FF571ED4AAF883D,
  0xBFD2BEF0A7C06DDB,
  0x3FF49539F0F010B0,
  0xBFD01EAE7F513A67,
  0x3FF3C995B0B80385,
  0xBFCB31D8A68224E9,
  0x3FF30D190C8864A5,
  0xBFC6574F0AC07758,
  0x3FF25E227B0B8EA0,
  0xBFC1AA2BC79C8100,
  0x3FF1BB4A4A1A343F,
  0xBFBA4E76CE8C0E5E,
  0x3FF12358F08AE5BA,
  0xBFB1973C5A611CCC,
  0x3FF0953F419900A7,
  0xBFA252F438E10C1E,
  0x3FF0000000000000,
  0,
  0x3FEE608CFD9A47AC,
  0x3FAAA5AA5DF25984,
  0x3FECA4B31F026AA0,
  0x3FBC5E53AA362EB4,
  0x3FEB2036576AFCE6,
  0x3FC526E57720DB08,
  0x3FE9C2D163A1AA2D,
  0x3FCBC2860D224770,
  0x3FE886E6037841ED,
  0x3FD1058BC8A07EE1,
  0x3FE767DCF5534862,
  0x3FD4043057B6EE09,
]);

let kMinNormal: v128 = f32x4.splat(0);
let kInf: v128 = f32x4.splat(0);
let kLn2: v128 = f64x2.splat(0);
let kA0: v128 = f64x2.splat(0);
let kA1: v128 = f64x2.splat(0);
let kA2: v128 = f64x2.splat(0);
let kOne64: v128 = f64x2.splat(0);

/**
 * Mathf.log of 4 lanes, bit for bit: AssemblyScript's logf (musl's: the
 * table above and a polynomial in f64, each operation in its order), two
 * lanes per f64x2. A lane that is not a positive normal float (never a
 * softmax's sum, which is at least 1, but NaN once a model has diverged)
 * sends all four to Mathf.log itself.
 */
function log4(x: v128): v128 {
  if (!i32x4.all_true(v128.and(f32x4.ge(x, kMinNormal), f32x4.lt(x, kInf)))) {
    let v = f32x4.splat(Mathf.log(f32x4.extract_lane(x, 0)));
    v = f32x4.replace_lane(v, 1, Mathf.log(f32x4.extract_lane(x, 1)));
    v = f32x4.replace_lane(v, 2, Mathf.log(f32x4.extract_lane(x, 2)));
    return f32x4.replace_lane(v, 3, Mathf.log(f32x4.extract_lane(x, 3)));
  }
  // x = 2^k z, z in [0x1.66p-1, 0x1.66p+0), in subinterval i.
  const tmp = i32x4.sub(x, i32x4.splat(0x3F330000));
  const i = i32x4.shl(v128.and(i32x4.shr_u(tmp, 19), i32x4.splat(15)), 4);
  const k = i32x4.shr_s(tmp, 23);
  const iz = i32x4.sub(x, v128.and(tmp, i32x4.splat(0xFF800000)));
  const i0 = <usize> i32x4.extract_lane(i, 0), i1 = <usize> i32x4.extract_lane(i, 1);
  const i2 = <usize> i32x4.extract_lane(i, 2), i3 = <usize> i32x4.extract_lane(i, 3);
  const invcLo = f64x2.replace_lane(
    f64x2.splat(load<f64>(LOGF_TAB + i0)),
    1,
    load<f64>(LOGF_TAB + i1),
  );
  const invcHi = f64x2.replace_lane(
    f64x2.splat(load<f64>(LOGF_TAB + i2)),
    1,
    load<f64>(LOGF_TAB + i3),
  );
  const logcLo = f64x2.replace_lane(
    f64x2.splat(load<f64>(LOGF_TAB + i0, 8)),
    1,
    load<f64>(LOGF_TAB + i1, 8),
  );
  const logcHi = f64x2.replace_lane(
    f64x2.splat(load<f64>(LOGF_TAB + i2, 8)),
    1,
    load<f64>(LOGF_TAB + i3, 8),
  );
  const lo = logf2(
    f64x2.promote_low_f32x4(iz),
    f64x2.convert_low_i32x4_s(k),
    invcLo,
    logcLo,
  );
  const hi = logf2(
    f64x2.promote_low_f32x4(v128.shuffle<i32>(iz, iz, 2, 3, 2, 3)),
    f64x2.convert_low_i32x4_s(v128.shuffle<i32>(k, k, 2, 3, 2, 3)),
    invcHi,
    logcHi,
  );
  return v128.shuffle<i32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** logf's last steps on two lanes: log1p(z/c - 1) + log(c) + k·ln 2. */
function logf2(z: v128, k: v128, invc: v128, logc: v128): v128 {
  const r = f64x2.sub(f64x2.mul(z, invc), kOne64);
  const y0 = f64x2.add(logc, f64x2.mul(k, kLn2));
  const r2 = f64x2.mul(r, r);
  let y = f64x2.add(f64x2.mul(kA1, r), kA2);
  y = f64x2.add(y, f64x2.mul(kA0, r2));
  return f64x2.add(f64x2.mul(y, r2), f64x2.add(y0, r));
}

/** Lanes 0..2 set, lane 3 clear. */
const LANES3: v128 = i32x4(-1, -1, -1, 0);

let z3: v128 = f32x4.splat(0);
let p3: v128 = f32x4.splat(0);
let dz3: v128 = f32x4.splat(0);

/** Four hidden units of one example, I = 2: ReLU((x0·w + x1·r) + b) (a > 0 ? a : 0, as pmax). */
function hidden23(x0: v128, x1: v128, w: v128, r: v128, b: v128): v128 {
  return f32x4.pmax(f32x4.splat(0), f32x4.add(f32x4.add(f32x4.mul(x0, w), f32x4.mul(x1, r)), b));
}

/** The gradient at four hidden units of one example, C = 3: (k0·d0 + k1·d1) + k2·d2 where h > 0, else 0. */
function hiddenGrad3(k0: v128, k1: v128, k2: v128, d0: v128, d1: v128, d2: v128, h: v128): v128 {
  return v128.and(
    f32x4.add(f32x4.add(f32x4.mul(k0, d0), f32x4.mul(k1, d1)), f32x4.mul(k2, d2)),
    f32x4.gt(h, f32x4.splat(0)),
  );
}

/** Adds four terms to the 4 floats at p, one after another: (((p + a) + b) + c) + d. */
function addInto4(p: usize, a: v128, b: v128, c: v128, d: v128): void {
  v128.store(p, f32x4.add(f32x4.add(f32x4.add(f32x4.add(v128.load(p), a), b), c), d));
}

/** Forward pass of one example for I = 2, C = 3: h into sH, logits into z3 (lane 3: -Infinity). */
function forward23(w: usize, xp: usize): void {
  const HP = gHP;
  const x0 = f32x4.splat(load<f32>(xp));
  const x1 = f32x4.splat(load<f32>(xp, 4));
  const r1 = w + (<usize> HP << 2);
  const b1 = r1 + (<usize> HP << 2);
  const c0 = b1 + (<usize> HP << 2);
  const c1 = c0 + (<usize> HP << 2);
  const c2 = c1 + (<usize> HP << 2);
  const b2 = c2 + (<usize> HP << 2);
  const zero = f32x4.splat(0);
  let a0 = zero, a1 = zero, a2 = zero;
  for (let off: usize = 0, end = <usize> HP << 2; off < end; off += 16) {
    const h = hidden23(x0, x1, v128.load(w + off), v128.load(r1 + off), v128.load(b1 + off));
    v128.store(sH + off, h);
    a0 = f32x4.add(a0, f32x4.mul(h, v128.load(c0 + off)));
    a1 = f32x4.add(a1, f32x4.mul(h, v128.load(c1 + off)));
    a2 = f32x4.add(a2, f32x4.mul(h, v128.load(c2 + off)));
  }
  z3 = f32x4.replace_lane(f32x4.add(transposeAdd(a0, a1, a2), v128.load(b2)), 3, -Infinity);
}

/**
 * Keras' loss from logits on z3 for one example with labels at `yp`: returns
 * the f32 loss; with `scale` not 0, p3 gets the probabilities and dz3 the
 * gradient times `scale`.
 */
function logitsLoss3(yp: usize, scale: f32): f32 {
  const z = z3;
  const top = max<f32>(
    max<f32>(f32x4.extract_lane(z, 0), f32x4.extract_lane(z, 1)),
    f32x4.extract_lane(z, 2),
  );
  // Lanes below the cut-off (lane 3, -Infinity, among them) are 0, and exp4
  // never sees them: its last product would be subnormal below about -87.3.
  const d = f32x4.sub(z, f32x4.splat(top));
  const cut = kCut;
  const e = v128.andnot(exp4(f32x4.pmax(d, cut)), f32x4.lt(d, cut));
  const sum: f32 = (f32x4.extract_lane(e, 0) + f32x4.extract_lane(e, 1)) + f32x4.extract_lane(e, 2);
  const lse: f32 = top + Mathf.log(sum);
  const y = v128.and(v128.load(yp), LANES3);
  const t = v128.bitselect(
    f32x4.mul(f32x4.sub(z, f32x4.splat(lse)), y),
    f32x4.splat(0),
    f32x4.ne(y, f32x4.splat(0)),
  );
  const loss: f32 =
    -((f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1)) + f32x4.extract_lane(t, 2));
  if (scale != 0) {
    const p = f32x4.div(e, f32x4.splat(sum));
    p3 = p;
    dz3 = v128.and(f32x4.mul(f32x4.sub(p, y), f32x4.splat(scale)), LANES3);
  }
  return loss;
}

/** Adds the example's gradient (dz3, sH, features at xp) into sGrad, for I = 2, C = 3. */
function backward23(w: usize, xp: usize): void {
  const HP = gHP;
  const hb = <usize> HP << 2;
  const c0 = w + 3 * hb, c1 = c0 + hb, c2 = c1 + hb;
  const g1 = sGrad + hb,
    gb1 = g1 + hb,
    g20 = gb1 + hb,
    g21 = g20 + hb,
    g22 = g21 + hb,
    gb2 = g22 + hb;
  v128.store(gb2, f32x4.add(v128.load(gb2), dz3));
  const x0 = f32x4.splat(load<f32>(xp));
  const x1 = f32x4.splat(load<f32>(xp, 4));
  const d0 = f32x4.splat(f32x4.extract_lane(dz3, 0));
  const d1 = f32x4.splat(f32x4.extract_lane(dz3, 1));
  const d2 = f32x4.splat(f32x4.extract_lane(dz3, 2));
  for (let off: usize = 0; off < hb; off += 16) {
    const h = v128.load(sH + off);
    v128.store(g20 + off, f32x4.add(v128.load(g20 + off), f32x4.mul(h, d0)));
    v128.store(g21 + off, f32x4.add(v128.load(g21 + off), f32x4.mul(h, d1)));
    v128.store(g22 + off, f32x4.add(v128.load(g22 + off), f32x4.mul(h, d2)));
    const dh = hiddenGrad3(
      v128.load(c0 + off),
      v128.load(c1 + off),
      v128.load(c2 + off),
      d0,
      d1,
      d2,
      h,
    );
    v128.store(gb1 + off, f32x4.add(v128.load(gb1 + off), dh));
    v128.store(sGrad + off, f32x4.add(v128.load(sGrad + off), f32x4.mul(x0, dh)));
    v128.store(g1 + off, f32x4.add(v128.load(g1 + off), f32x4.mul(x1, dh)));
  }
}

let z3b: v128 = f32x4.splat(0);

let z3c: v128 = f32x4.splat(0);
let z3d: v128 = f32x4.splat(0);

/**
 * forward23 of four examples at once (features at xa..xd), sharing the
 * loads of the weights among four: h into ha..hd (not stored when ha is 0,
 * as the evaluation needs only the logits), logits into z3, z3b, z3c and
 * z3d. Each example's arithmetic is forward23's, in its order. (Deno does
 * not install V8's WebAssembly trap handler, so every access to memory is
 * bounds-checked in the code V8 compiles: loads shared by more examples
 * save more there than in a browser.)
 */
function forward23x4(
  w: usize,
  xa: usize,
  xb: usize,
  xc: usize,
  xd: usize,
  ha: usize,
  hb: usize,
  hc: usize,
  hd: usize,
): void {
  const HP = gHP;
  const a0x = f32x4.splat(load<f32>(xa)), a1x = f32x4.splat(load<f32>(xa, 4));
  const b0x = f32x4.splat(load<f32>(xb)), b1x = f32x4.splat(load<f32>(xb, 4));
  const c0x = f32x4.splat(load<f32>(xc)), c1x = f32x4.splat(load<f32>(xc, 4));
  const d0x = f32x4.splat(load<f32>(xd)), d1x = f32x4.splat(load<f32>(xd, 4));
  const r1 = w + (<usize> HP << 2);
  const b1 = r1 + (<usize> HP << 2);
  const c0 = b1 + (<usize> HP << 2);
  const c1 = c0 + (<usize> HP << 2);
  const c2 = c1 + (<usize> HP << 2);
  const b2 = c2 + (<usize> HP << 2);
  const zero = f32x4.splat(0);
  let aa0 = zero, aa1 = zero, aa2 = zero;
  let ab0 = zero, ab1 = zero, ab2 = zero;
  let ac0 = zero, ac1 = zero, ac2 = zero;
  let ad0 = zero, ad1 = zero, ad2 = zero;
  for (let off: usize = 0, end = <usize> HP << 2; off < end; off += 16) {
    const wv = v128.load(w + off), rv = v128.load(r1 + off), bv = v128.load(b1 + off);
    const k0 = v128.load(c0 + off), k1 = v128.load(c1 + off), k2 = v128.load(c2 + off);
    const ha4 = hidden23(a0x, a1x, wv, rv, bv);
    const hb4 = hidden23(b0x, b1x, wv, rv, bv);
    const hc4 = hidden23(c0x, c1x, wv, rv, bv);
    const hd4 = hidden23(d0x, d1x, wv, rv, bv);
    if (ha != 0) {
      v128.store(ha + off, ha4);
      v128.store(hb + off, hb4);
      v128.store(hc + off, hc4);
      v128.store(hd + off, hd4);
    }
    aa0 = f32x4.add(aa0, f32x4.mul(ha4, k0));
    aa1 = f32x4.add(aa1, f32x4.mul(ha4, k1));
    aa2 = f32x4.add(aa2, f32x4.mul(ha4, k2));
    ab0 = f32x4.add(ab0, f32x4.mul(hb4, k0));
    ab1 = f32x4.add(ab1, f32x4.mul(hb4, k1));
    ab2 = f32x4.add(ab2, f32x4.mul(hb4, k2));
    ac0 = f32x4.add(ac0, f32x4.mul(hc4, k0));
    ac1 = f32x4.add(ac1, f32x4.mul(hc4, k1));
    ac2 = f32x4.add(ac2, f32x4.mul(hc4, k2));
    ad0 = f32x4.add(ad0, f32x4.mul(hd4, k0));
    ad1 = f32x4.add(ad1, f32x4.mul(hd4, k1));
    ad2 = f32x4.add(ad2, f32x4.mul(hd4, k2));
  }
  const bias = v128.load(b2);
  z3 = f32x4.replace_lane(f32x4.add(transposeAdd(aa0, aa1, aa2), bias), 3, -Infinity);
  z3b = f32x4.replace_lane(f32x4.add(transposeAdd(ab0, ab1, ab2), bias), 3, -Infinity);
  z3c = f32x4.replace_lane(f32x4.add(transposeAdd(ac0, ac1, ac2), bias), 3, -Infinity);
  z3d = f32x4.replace_lane(f32x4.add(transposeAdd(ad0, ad1, ad2), bias), 3, -Infinity);
}

/** Lane c of the result: the pairwise sum of a_c's lanes ((0 + 1) + (2 + 3)). */
function transposeAdd(a0: v128, a1: v128, a2: v128): v128 {
  const s01lo = f32x4.add(
    v128.shuffle<f32>(a0, a1, 0, 2, 4, 6),
    v128.shuffle<f32>(a0, a1, 1, 3, 5, 7),
  );
  const s2 = f32x4.add(
    v128.shuffle<f32>(a2, a2, 0, 2, 0, 2),
    v128.shuffle<f32>(a2, a2, 1, 3, 1, 3),
  );
  return f32x4.add(
    v128.shuffle<f32>(s01lo, s2, 0, 2, 4, 6),
    v128.shuffle<f32>(s01lo, s2, 1, 3, 5, 7),
  );
}

/**
 * backward23 of four examples at once (gradients of the logits da..dd,
 * activations at hA..hD): each gradient element gets the four examples'
 * terms in their order, as four backward23 calls would add them, loading
 * and storing it once instead of four times.
 */
function backward23x4(
  w: usize,
  xa: usize,
  xb: usize,
  xc: usize,
  xd: usize,
  da: v128,
  db: v128,
  dc: v128,
  dd: v128,
  hA: usize,
  hB: usize,
  hC: usize,
  hD: usize,
): void {
  const HP = gHP;
  const hb = <usize> HP << 2;
  const c0 = w + 3 * hb, c1 = c0 + hb, c2 = c1 + hb;
  const g1 = sGrad + hb,
    gb1 = g1 + hb,
    g20 = gb1 + hb,
    g21 = g20 + hb,
    g22 = g21 + hb,
    gb2 = g22 + hb;
  addInto4(gb2, da, db, dc, dd);
  const a0x = f32x4.splat(load<f32>(xa)), a1x = f32x4.splat(load<f32>(xa, 4));
  const b0x = f32x4.splat(load<f32>(xb)), b1x = f32x4.splat(load<f32>(xb, 4));
  const c0x = f32x4.splat(load<f32>(xc)), c1x = f32x4.splat(load<f32>(xc, 4));
  const d0x = f32x4.splat(load<f32>(xd)), d1x = f32x4.splat(load<f32>(xd, 4));
  const a0 = f32x4.splat(f32x4.extract_lane(da, 0));
  const a1 = f32x4.splat(f32x4.extract_lane(da, 1));
  const a2 = f32x4.splat(f32x4.extract_lane(da, 2));
  const b0 = f32x4.splat(f32x4.extract_lane(db, 0));
  const b1 = f32x4.splat(f32x4.extract_lane(db, 1));
  const b2 = f32x4.splat(f32x4.extract_lane(db, 2));
  const e0 = f32x4.splat(f32x4.extract_lane(dc, 0));
  const e1 = f32x4.splat(f32x4.extract_lane(dc, 1));
  const e2 = f32x4.splat(f32x4.extract_lane(dc, 2));
  const f0 = f32x4.splat(f32x4.extract_lane(dd, 0));
  const f1 = f32x4.splat(f32x4.extract_lane(dd, 1));
  const f2 = f32x4.splat(f32x4.extract_lane(dd, 2));
  for (let off: usize = 0; off < hb; off += 16) {
    const ha4 = v128.load(hA + off);
    const hb4 = v128.load(hB + off);
    const hc4 = v128.load(hC + off);
    const hd4 = v128.load(hD + off);
    addInto4(
      g20 + off,
      f32x4.mul(ha4, a0),
      f32x4.mul(hb4, b0),
      f32x4.mul(hc4, e0),
      f32x4.mul(hd4, f0),
    );
    addInto4(
      g21 + off,
      f32x4.mul(ha4, a1),
      f32x4.mul(hb4, b1),
      f32x4.mul(hc4, e1),
      f32x4.mul(hd4, f1),
    );
    addInto4(
      g22 + off,
      f32x4.mul(ha4, a2),
      f32x4.mul(hb4, b2),
      f32x4.mul(hc4, e2),
      f32x4.mul(hd4, f2),
    );
    const k0 = v128.load(c0 + off), k1 = v128.load(c1 + off), k2 = v128.load(c2 + off);
    const dhA = hiddenGrad3(k0, k1, k2, a0, a1, a2, ha4);
    const dhB = hiddenGrad3(k0, k1, k2, b0, b1, b2, hb4);
    const dhC = hiddenGrad3(k0, k1, k2, e0, e1, e2, hc4);
    const dhD = hiddenGrad3(k0, k1, k2, f0, f1, f2, hd4);
    addInto4(gb1 + off, dhA, dhB, dhC, dhD);
    addInto4(
      sGrad + off,
      f32x4.mul(a0x, dhA),
      f32x4.mul(b0x, dhB),
      f32x4.mul(c0x, dhC),
      f32x4.mul(d0x, dhD),
    );
    addInto4(
      g1 + off,
      f32x4.mul(a1x, dhA),
      f32x4.mul(b1x, dhB),
      f32x4.mul(c1x, dhC),
      f32x4.mul(d1x, dhD),
    );
  }
}

/** Lanes 0..3 of the result: lane c of a, b, c and d (a 4 × 4 transpose's row c). */
function column(a: v128, b: v128, c: v128, d: v128, lane: i32): v128 {
  // Only called with constant lanes; after inlining, each is two shuffles of four.
  const ab = lane < 2 ? v128.shuffle<f32>(a, b, 0, 4, 1, 5) : v128.shuffle<f32>(a, b, 2, 6, 3, 7);
  const cd = lane < 2 ? v128.shuffle<f32>(c, d, 0, 4, 1, 5) : v128.shuffle<f32>(c, d, 2, 6, 3, 7);
  return (lane & 1) == 0
    ? v128.shuffle<f32>(ab, cd, 0, 1, 4, 5)
    : v128.shuffle<f32>(ab, cd, 2, 3, 6, 7);
}

/** The gradients of the logits of four examples, by logitsLoss3x4 (lane 3: 0). */
let dzA: v128 = f32x4.splat(0);
let dzB: v128 = f32x4.splat(0);
let dzC: v128 = f32x4.splat(0);
let dzD: v128 = f32x4.splat(0);
/** How many of logitsLoss3x4's four examples are predicted right. */
let quadCorrect: i32 = 0;

/**
 * logitsLoss3 and argMax3 of four examples at once (logits za..zd as
 * forward23 leaves them, labels at ya..yd, classes la..ld), with the
 * examples in the lanes: each lane's arithmetic is logitsLoss3's in its
 * order (the max, exp4 and sums lane by lane, the log per lane), so the
 * results are bit for bit the same, with one exp4 per class instead of one
 * per example and no lane extractions in between. Returns the four losses;
 * the correct count in quadCorrect; with `scale` not 0, the gradients in
 * dzA..dzD and the last example's probabilities in p3.
 */
function logitsLoss3x4(
  za: v128,
  zb: v128,
  zc: v128,
  zd: v128,
  ya: usize,
  yb: usize,
  yc: usize,
  yd: usize,
  labels: v128,
  scale: f32,
): v128 {
  const z0 = column(za, zb, zc, zd, 0);
  const z1 = column(za, zb, zc, zd, 1);
  const z2 = column(za, zb, zc, zd, 2);
  const va = v128.load(ya), vb = v128.load(yb), vc = v128.load(yc), vd = v128.load(yd);
  const y0 = column(va, vb, vc, vd, 0);
  const y1 = column(va, vb, vc, vd, 1);
  const y2 = column(va, vb, vc, vd, 2);
  // pmax, where max takes six instructions in V8: they differ only when a
  // logit is NaN (the loss, probabilities and gradients are NaN either way)
  // or in the sign of a zero maximum (then d may be a zero of the other
  // sign, which exp4 maps to 1 either way, and lse is the same).
  const top = f32x4.pmax(f32x4.pmax(z0, z1), z2);
  const cut = kCut;
  const d0 = f32x4.sub(z0, top), d1 = f32x4.sub(z1, top), d2 = f32x4.sub(z2, top);
  const e0 = v128.andnot(exp4(f32x4.pmax(d0, cut)), f32x4.lt(d0, cut));
  const e1 = v128.andnot(exp4(f32x4.pmax(d1, cut)), f32x4.lt(d1, cut));
  const e2 = v128.andnot(exp4(f32x4.pmax(d2, cut)), f32x4.lt(d2, cut));
  const sum = f32x4.add(f32x4.add(e0, e1), e2);
  const lse = f32x4.add(top, log4(sum));
  const zero = f32x4.splat(0);
  const t0 = v128.and(f32x4.mul(f32x4.sub(z0, lse), y0), f32x4.ne(y0, zero));
  const t1 = v128.and(f32x4.mul(f32x4.sub(z1, lse), y1), f32x4.ne(y1, zero));
  const t2 = v128.and(f32x4.mul(f32x4.sub(z2, lse), y2), f32x4.ne(y2, zero));
  // argMax3 lane by lane: the first largest.
  const over1 = f32x4.gt(z1, z0);
  const best01 = v128.bitselect(z1, z0, over1);
  const over2 = f32x4.gt(z2, best01);
  const best = v128.bitselect(
    i32x4.splat(2),
    v128.and(over1, i32x4.splat(1)),
    over2,
  );
  const right = i32x4.eq(best, labels);
  quadCorrect = -(i32x4.extract_lane(right, 0) + i32x4.extract_lane(right, 1) +
    i32x4.extract_lane(right, 2) + i32x4.extract_lane(right, 3));
  if (scale != 0) {
    const s = f32x4.splat(scale);
    const p0 = f32x4.div(e0, sum), p1 = f32x4.div(e1, sum), p2 = f32x4.div(e2, sum);
    const g0 = f32x4.mul(f32x4.sub(p0, y0), s);
    const g1 = f32x4.mul(f32x4.sub(p1, y1), s);
    const g2 = f32x4.mul(f32x4.sub(p2, y2), s);
    dzA = column(g0, g1, g2, zero, 0);
    dzB = column(g0, g1, g2, zero, 1);
    dzC = column(g0, g1, g2, zero, 2);
    dzD = column(g0, g1, g2, zero, 3);
    p3 = column(p0, p1, p2, zero, 3);
  }
  return f32x4.neg(f32x4.add(f32x4.add(t0, t1), t2));
}

/** Index of the first largest of the 3 lanes of v. */
function argMax3(v: v128): i32 {
  const a = f32x4.extract_lane(v, 0), b = f32x4.extract_lane(v, 1), c = f32x4.extract_lane(v, 2);
  let best = 0;
  let m = a;
  if (b > m) {
    m = b;
    best = 1;
  }
  if (c > m) best = 2;
  return best;
}

/** The classes of rows a, b, c and d, from the labels at `labels`. */
function labels4(labels: usize, a: i32, b: i32, c: i32, d: i32): v128 {
  let v = i32x4.splat(load<i32>(labels + (<usize> a << 2)));
  v = i32x4.replace_lane(v, 1, load<i32>(labels + (<usize> b << 2)));
  v = i32x4.replace_lane(v, 2, load<i32>(labels + (<usize> c << 2)));
  return i32x4.replace_lane(v, 3, load<i32>(labels + (<usize> d << 2)));
}

// ---------------------------------------------------------------------------
// The tutorial's own shape (2 inputs, 50 hidden units padded to 52, 3
// classes) at constant addresses. Deno does not install V8's WebAssembly
// trap handler (denoland/deno#35658), so V8 compiles a compare and a branch
// before every load and store of memory, unless the address is a constant
// within the memory's initial size. trainEpoch and evaluate copy each model
// into WORK, and the passes below run unrolled over its 13 groups of four
// hidden units, so that every weight, gradient and hidden-unit address is a
// constant (only the examples' features, labels and rows are checked), but
// for logits52x4's loops (see there). The arithmetic is forward23x4's,
// backward23x4's and step23's, in their order.

/** Hidden units, padded, of the shape at constant addresses. */
const HP52: i32 = 52;
/** Bytes of one row of 52 floats. */
const HB: usize = 208;
/** Bytes of one model in the layout above: W1 (2 rows), b1, W2T (3 rows), b2. */
const MB: usize = 6 * HB + 16;
/** The work area: the model, its momentum accumulators, its batch gradient, four examples' hidden layers. */
const WORK = memory.data(3 * <i32> MB + 4 * <i32> HB, 16);
const W = WORK;
const A = W + MB;
const G = A + MB;
const H = G + MB;

/** Whether trainEpoch and evaluate use WORK for the tutorial's shape (tests turn it off). */
let workOn: bool = true;

/**
 * For tests: with 0, the tutorial's shape takes the general passes (loops
 * over the model where it is), so that a test can hold the passes at
 * constant addresses to theirs, bit for bit; 1 (the default) turns them back on.
 */
export function useConstantAddresses(on: i32): void {
  workOn = on != 0;
}

/** Whether the shape is the tutorial's (with the loss from logits) and WORK is on. */
function workShape(clipped: bool): bool {
  return workOn && fast(clipped) && gHP == HP52;
}

/** Whether the model at `w` is in WORK. */
function atWork(w: usize): bool {
  return w == W && workShape(false);
}

/** One group of four hidden units (bytes `off`) of four examples, features given: into H. */
// @ts-ignore: decorator
@inline function hiddenGroup(
  off: usize,
  a0x: v128,
  a1x: v128,
  b0x: v128,
  b1x: v128,
  c0x: v128,
  c1x: v128,
  d0x: v128,
  d1x: v128,
): void {
  const wv = v128.load(W + off), rv = v128.load(W + HB + off), bv = v128.load(W + 2 * HB + off);
  v128.store(H + off, hidden23(a0x, a1x, wv, rv, bv));
  v128.store(H + HB + off, hidden23(b0x, b1x, wv, rv, bv));
  v128.store(H + 2 * HB + off, hidden23(c0x, c1x, wv, rv, bv));
  v128.store(H + 3 * HB + off, hidden23(d0x, d1x, wv, rv, bv));
}

/**
 * The 52 products of the hidden layer at `h` and the output kernel's row at
 * `k`, summed by lane (lane l: units l, l + 4, ...) group after group from
 * 0, as forward23's accumulators sum them. One chain in registers.
 */
// @ts-ignore: decorator
@inline function dot52(h: usize, k: usize): v128 {
  let s = f32x4.splat(0);
  s = f32x4.add(s, f32x4.mul(v128.load(h), v128.load(k)));
  s = f32x4.add(s, f32x4.mul(v128.load(h, 16), v128.load(k, 16)));
  s = f32x4.add(s, f32x4.mul(v128.load(h, 32), v128.load(k, 32)));
  s = f32x4.add(s, f32x4.mul(v128.load(h, 48), v128.load(k, 48)));
  s = f32x4.add(s, f32x4.mul(v128.load(h, 64), v128.load(k, 64)));
  s = f32x4.add(s, f32x4.mul(v128.load(h, 80), v128.load(k, 80)));
  s = f32x4.add(s, f32x4.mul(v128.load(h, 96), v128.load(k, 96)));
  s = f32x4.add(s, f32x4.mul(v128.load(h, 112), v128.load(k, 112)));
  s = f32x4.add(s, f32x4.mul(v128.load(h, 128), v128.load(k, 128)));
  s = f32x4.add(s, f32x4.mul(v128.load(h, 144), v128.load(k, 144)));
  s = f32x4.add(s, f32x4.mul(v128.load(h, 160), v128.load(k, 160)));
  s = f32x4.add(s, f32x4.mul(v128.load(h, 176), v128.load(k, 176)));
  return f32x4.add(s, f32x4.mul(v128.load(h, 192), v128.load(k, 192)));
}

/** The logits of the example whose hidden layer is at `h` (in H), lane 3 -Infinity. */
// @ts-ignore: decorator
@inline function logits52(h: usize): v128 {
  const sums = transposeAdd(dot52(h, W + 3 * HB), dot52(h, W + 4 * HB), dot52(h, W + 5 * HB));
  return f32x4.replace_lane(f32x4.add(sums, v128.load(W + 6 * HB)), 3, -Infinity);
}

/** s + h·k: one term of a sum by lane. */
// @ts-ignore: decorator
@inline function madd(s: v128, h: v128, k: v128): v128 {
  return f32x4.add(s, f32x4.mul(h, k));
}

/**
 * The logits of the four examples whose hidden layers are in H, into z3..z3d
 * (lane 3: -Infinity): twelve sums (example × class), each summed by lane
 * group after group from 0 as dot52 sums it. Two loops over the groups, each
 * for two examples, whose six sums take turns, so that each output-kernel
 * row is loaded once per group for two examples and each hidden group once
 * (10 loads per group for the four, where four dot52 chains each take 24);
 * one loop for all four would need more registers than x64 has for SIMD,
 * and V8 spilled one sum to the stack. Loops, so V8 checks these loads; in
 * one thread the tutorial's shape trained 5-9% faster per model-step at
 * batch 32 and 500 with a single twelve-sum loop than with the dot52
 * chains, the same code unrolled being 0-10% slower than that loop, and the
 * two loops 2-3% faster than it (alternating in one process; AMD EPYC).
 */
function logits52x4(): void {
  const zero = f32x4.splat(0);
  let a0 = zero, a1 = zero, a2 = zero;
  let b0 = zero, b1 = zero, b2 = zero;
  for (let off: usize = 0; off < HB; off += 16) {
    const k0 = v128.load(W + 3 * HB + off);
    const k1 = v128.load(W + 4 * HB + off);
    const k2 = v128.load(W + 5 * HB + off);
    const ha = v128.load(H + off);
    a0 = madd(a0, ha, k0);
    a1 = madd(a1, ha, k1);
    a2 = madd(a2, ha, k2);
    const hb = v128.load(H + HB + off);
    b0 = madd(b0, hb, k0);
    b1 = madd(b1, hb, k1);
    b2 = madd(b2, hb, k2);
  }
  let c0 = zero, c1 = zero, c2 = zero;
  let d0 = zero, d1 = zero, d2 = zero;
  for (let off: usize = 0; off < HB; off += 16) {
    const k0 = v128.load(W + 3 * HB + off);
    const k1 = v128.load(W + 4 * HB + off);
    const k2 = v128.load(W + 5 * HB + off);
    const hc = v128.load(H + 2 * HB + off);
    c0 = madd(c0, hc, k0);
    c1 = madd(c1, hc, k1);
    c2 = madd(c2, hc, k2);
    const hd = v128.load(H + 3 * HB + off);
    d0 = madd(d0, hd, k0);
    d1 = madd(d1, hd, k1);
    d2 = madd(d2, hd, k2);
  }
  const bias = v128.load(W + 6 * HB);
  z3 = f32x4.replace_lane(f32x4.add(transposeAdd(a0, a1, a2), bias), 3, -Infinity);
  z3b = f32x4.replace_lane(f32x4.add(transposeAdd(b0, b1, b2), bias), 3, -Infinity);
  z3c = f32x4.replace_lane(f32x4.add(transposeAdd(c0, c1, c2), bias), 3, -Infinity);
  z3d = f32x4.replace_lane(f32x4.add(transposeAdd(d0, d1, d2), bias), 3, -Infinity);
}

/**
 * forward23x4 of the model in WORK: the four examples' hidden layers into
 * H, one group of units at a time, then their logits into z3..z3d
 * (logits52x4).
 */
function forward23x4w(xa: usize, xb: usize, xc: usize, xd: usize): void {
  const a0x = f32x4.splat(load<f32>(xa)), a1x = f32x4.splat(load<f32>(xa, 4));
  const b0x = f32x4.splat(load<f32>(xb)), b1x = f32x4.splat(load<f32>(xb, 4));
  const c0x = f32x4.splat(load<f32>(xc)), c1x = f32x4.splat(load<f32>(xc, 4));
  const d0x = f32x4.splat(load<f32>(xd)), d1x = f32x4.splat(load<f32>(xd, 4));
  hiddenGroup(0, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(16, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(32, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(48, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(64, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(80, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(96, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(112, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(128, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(144, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(160, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(176, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  hiddenGroup(192, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x);
  logits52x4();
}

/** One group of four hidden units (bytes `off`) of backward23x4 at WORK: gradients into G. */
// @ts-ignore: decorator
@inline function backwardGroup(
  off: usize,
  a0x: v128,
  a1x: v128,
  b0x: v128,
  b1x: v128,
  c0x: v128,
  c1x: v128,
  d0x: v128,
  d1x: v128,
  da: v128,
  db: v128,
  dc: v128,
  dd: v128,
): void {
  // The same in every group: V8 computes them once.
  const a0 = f32x4.splat(f32x4.extract_lane(da, 0));
  const a1 = f32x4.splat(f32x4.extract_lane(da, 1));
  const a2 = f32x4.splat(f32x4.extract_lane(da, 2));
  const b0 = f32x4.splat(f32x4.extract_lane(db, 0));
  const b1 = f32x4.splat(f32x4.extract_lane(db, 1));
  const b2 = f32x4.splat(f32x4.extract_lane(db, 2));
  const e0 = f32x4.splat(f32x4.extract_lane(dc, 0));
  const e1 = f32x4.splat(f32x4.extract_lane(dc, 1));
  const e2 = f32x4.splat(f32x4.extract_lane(dc, 2));
  const f0 = f32x4.splat(f32x4.extract_lane(dd, 0));
  const f1 = f32x4.splat(f32x4.extract_lane(dd, 1));
  const f2 = f32x4.splat(f32x4.extract_lane(dd, 2));
  const ha4 = v128.load(H + off);
  const hb4 = v128.load(H + HB + off);
  const hc4 = v128.load(H + 2 * HB + off);
  const hd4 = v128.load(H + 3 * HB + off);
  addInto4(
    G + 3 * HB + off,
    f32x4.mul(ha4, a0),
    f32x4.mul(hb4, b0),
    f32x4.mul(hc4, e0),
    f32x4.mul(hd4, f0),
  );
  addInto4(
    G + 4 * HB + off,
    f32x4.mul(ha4, a1),
    f32x4.mul(hb4, b1),
    f32x4.mul(hc4, e1),
    f32x4.mul(hd4, f1),
  );
  addInto4(
    G + 5 * HB + off,
    f32x4.mul(ha4, a2),
    f32x4.mul(hb4, b2),
    f32x4.mul(hc4, e2),
    f32x4.mul(hd4, f2),
  );
  const k0 = v128.load(W + 3 * HB + off);
  const k1 = v128.load(W + 4 * HB + off);
  const k2 = v128.load(W + 5 * HB + off);
  const dhA = hiddenGrad3(k0, k1, k2, a0, a1, a2, ha4);
  const dhB = hiddenGrad3(k0, k1, k2, b0, b1, b2, hb4);
  const dhC = hiddenGrad3(k0, k1, k2, e0, e1, e2, hc4);
  const dhD = hiddenGrad3(k0, k1, k2, f0, f1, f2, hd4);
  addInto4(G + 2 * HB + off, dhA, dhB, dhC, dhD);
  addInto4(
    G + off,
    f32x4.mul(a0x, dhA),
    f32x4.mul(b0x, dhB),
    f32x4.mul(c0x, dhC),
    f32x4.mul(d0x, dhD),
  );
  addInto4(
    G + HB + off,
    f32x4.mul(a1x, dhA),
    f32x4.mul(b1x, dhB),
    f32x4.mul(c1x, dhC),
    f32x4.mul(d1x, dhD),
  );
}

/** backward23x4 of the model in WORK, from the hidden layers in H: gradients into G. */
function backward23x4w(
  xa: usize,
  xb: usize,
  xc: usize,
  xd: usize,
  da: v128,
  db: v128,
  dc: v128,
  dd: v128,
): void {
  addInto4(G + 6 * HB, da, db, dc, dd);
  const a0x = f32x4.splat(load<f32>(xa)), a1x = f32x4.splat(load<f32>(xa, 4));
  const b0x = f32x4.splat(load<f32>(xb)), b1x = f32x4.splat(load<f32>(xb, 4));
  const c0x = f32x4.splat(load<f32>(xc)), c1x = f32x4.splat(load<f32>(xc, 4));
  const d0x = f32x4.splat(load<f32>(xd)), d1x = f32x4.splat(load<f32>(xd, 4));
  backwardGroup(0, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(16, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(32, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(48, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(64, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(80, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(96, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(112, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(128, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(144, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(160, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(176, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
  backwardGroup(192, a0x, a1x, b0x, b1x, c0x, c1x, d0x, d1x, da, db, dc, dd);
}

/** Whether the fast path applies: 2 inputs, 3 classes, the loss from logits. */
function fast(clipped: bool): bool {
  return gI == 2 && gC == 3 && !clipped;
}

/** Loss of one example, and whether it is predicted right (into lastCorrect). */
function example(
  w: usize,
  x: usize,
  y: usize,
  labels: usize,
  row: i32,
  clipped: bool,
  scale: f64,
): f32 {
  const max = forward(w, x + (<usize> (row * gI) << 2));
  const yp = y + (<usize> (row * gC) << 2);
  const loss = clipped ? clippedLoss(max, yp, scale) : logitsLoss(max, yp, scale);
  lastCorrect = argMax(clipped ? sP : sZ) === load<i32>(labels + (<usize> row << 2)) ? 1 : 0;
  return loss;
}

/** Adds the example's gradient (from sDz, sH, features at xp) into sGrad. */
function backward(w: usize, xp: usize): void {
  const I = gI, HP = gHP, C = gC;
  const w2 = w + (<usize> ((I + 1) * HP) << 2);
  const gb1 = sGrad + (<usize> (I * HP) << 2);
  const gw2 = gb1 + (<usize> HP << 2);
  const gb2 = gw2 + (<usize> (C * HP) << 2);
  for (let c = 0; c < C; c++) setf(gb2, c, f(gb2, c) + f(sDz, c));
  const zero = f32x4.splat(0);
  for (let j = 0; j < HP; j += 4) {
    const off = <usize> j << 2;
    const hv = v128.load(sH + off);
    let dh = f32x4.splat(0);
    for (let c = 0; c < C; c++) {
      const dz = f32x4.splat(f(sDz, c));
      const o = (<usize> (c * HP) << 2) + off;
      v128.store(gw2 + o, f32x4.add(v128.load(gw2 + o), f32x4.mul(hv, dz)));
      dh = f32x4.add(dh, f32x4.mul(v128.load(w2 + o), dz));
    }
    dh = v128.and(dh, f32x4.gt(hv, zero));
    v128.store(gb1 + off, f32x4.add(v128.load(gb1 + off), dh));
    for (let i = 0; i < I; i++) {
      const o = (<usize> (i * HP) << 2) + off;
      const xi = f32x4.splat(load<f32>(xp + (<usize> i << 2)));
      v128.store(sGrad + o, f32x4.add(v128.load(sGrad + o), f32x4.mul(xi, dh)));
    }
  }
}

/** Loss sum (f64 of f32 losses) of rows[start, end) with the mean-loss gradient in sGrad; correct count in lastCorrect. */
function batch(
  w: usize,
  x: usize,
  y: usize,
  labels: usize,
  rows: usize,
  start: i32,
  end: i32,
  clipped: bool,
): f64 {
  memory.fill(sGrad, 0, <usize> gMP << 2);
  const scale: f64 = 1.0 / <f64> (end - start);
  let loss: f64 = 0;
  let correct = 0;
  if (fast(clipped)) {
    const scale32 = <f32> scale;
    const work = atWork(w);
    let r = start;
    // Four examples at a time (the same sums in the same order), then one by one.
    for (; r + 3 < end; r += 4) {
      const ra = load<i32>(rows + (<usize> r << 2));
      const rb = load<i32>(rows + (<usize> (r + 1) << 2));
      const rc = load<i32>(rows + (<usize> (r + 2) << 2));
      const rd = load<i32>(rows + (<usize> (r + 3) << 2));
      const xa = x + (<usize> (ra << 1) << 2);
      const xb = x + (<usize> (rb << 1) << 2);
      const xc = x + (<usize> (rc << 1) << 2);
      const xd = x + (<usize> (rd << 1) << 2);
      if (work) forward23x4w(xa, xb, xc, xd);
      else forward23x4(w, xa, xb, xc, xd, sH, sH2, sH3, sH4);
      const losses = logitsLoss3x4(
        z3,
        z3b,
        z3c,
        z3d,
        y + (<usize> (ra * 3) << 2),
        y + (<usize> (rb * 3) << 2),
        y + (<usize> (rc * 3) << 2),
        y + (<usize> (rd * 3) << 2),
        labels4(labels, ra, rb, rc, rd),
        scale32,
      );
      loss += <f64> f32x4.extract_lane(losses, 0);
      loss += <f64> f32x4.extract_lane(losses, 1);
      loss += <f64> f32x4.extract_lane(losses, 2);
      loss += <f64> f32x4.extract_lane(losses, 3);
      correct += quadCorrect;
      if (work) backward23x4w(xa, xb, xc, xd, dzA, dzB, dzC, dzD);
      else backward23x4(w, xa, xb, xc, xd, dzA, dzB, dzC, dzD, sH, sH2, sH3, sH4);
    }
    for (; r < end; r++) {
      const row = load<i32>(rows + (<usize> r << 2));
      const xp = x + (<usize> (row << 1) << 2);
      forward23(w, xp);
      loss += <f64> logitsLoss3(y + (<usize> (row * 3) << 2), scale32);
      correct += argMax3(z3) === load<i32>(labels + (<usize> row << 2)) ? 1 : 0;
      backward23(w, xp);
    }
    lastCorrect = correct;
    return loss;
  }
  for (let r = start; r < end; r++) {
    const row = load<i32>(rows + (<usize> r << 2));
    loss += <f64> example(w, x, y, labels, row, clipped, scale);
    correct += lastCorrect;
    backward(w, x + (<usize> (row * gI) << 2));
  }
  lastCorrect = correct;
  return loss;
}

/** For tests: the mean-loss gradient of one batch into sGrad; returns the loss sum, correct count in {@link correctCount}. */
export function batchGradient(
  w: usize,
  x: usize,
  y: usize,
  labels: usize,
  rows: usize,
  count: i32,
  clipped: i32,
): f64 {
  return batch(w, x, y, labels, rows, 0, count, clipped != 0);
}

/** The correct count of the last batch. */
export function correctCount(): i32 {
  return lastCorrect;
}

/**
 * For tests: the probabilities of the last training example of the 2-input,
 * 3-class path, all four lanes (the fourth unused, but computed), into `ptr`.
 */
export function probabilities3(ptr: usize): void {
  v128.store(ptr, p3);
}

/** Where the last batch's gradient is. */
export function gradientPtr(): usize {
  return sGrad;
}

/** The momentum update of the 4 floats at byte offset i of one model; the accumulator flushed. */
// @ts-ignore: decorator
@inline function update4(
  w: usize,
  a: usize,
  i: usize,
  g: v128,
  m: v128,
  lr: v128,
  flush: v128,
): void {
  let av = f32x4.add(f32x4.mul(m, v128.load(a + i)), g);
  av = v128.andnot(av, f32x4.lt(f32x4.abs(av), flush));
  v128.store(a + i, av);
  v128.store(w + i, f32x4.add(f32x4.mul(lr, av), v128.load(w + i)));
}

/**
 * Sets the model's weights of magnitude below FLUSH to 0, after each epoch:
 * with the accumulators flushed, a weight can only get that small by
 * cancellation of two such small numbers, so this is a guard, not a fix
 * (checking after every update cost batch 1 about a sixth of its engine time
 * on an AMD EPYC).
 */
function flushWeights(w: usize, bytes: usize, flush: v128): void {
  for (let i: usize = 0; i < bytes; i += 16) {
    const wv = v128.load(w + i);
    v128.store(w + i, v128.andnot(wv, f32x4.lt(f32x4.abs(wv), flush)));
  }
}

/**
 * One update of batch size 1 for I = 2, C = 3 with the loss from logits:
 * batch() + backward23 + the update loop of trainEpoch in one pass, without
 * the gradient buffer. Each gradient element is `0 + term`, as batch()'s
 * zeroed buffer plus backward23's one term makes it, and the update is
 * trainEpoch's, so the results are bit for bit the same. Returns the loss;
 * the correct count in lastCorrect.
 */
function step23(
  w: usize,
  a: usize,
  xp: usize,
  yp: usize,
  label: i32,
  m: v128,
  lr: v128,
  flush: v128,
): f32 {
  forward23(w, xp);
  const loss = logitsLoss3(yp, 1);
  lastCorrect = argMax3(z3) === label ? 1 : 0;
  const HP = gHP;
  const hb = <usize> HP << 2;
  const zero = f32x4.splat(0);
  update4(w, a, 6 * hb, f32x4.add(zero, dz3), m, lr, flush);
  const x0 = f32x4.splat(load<f32>(xp));
  const x1 = f32x4.splat(load<f32>(xp, 4));
  const d0 = f32x4.splat(f32x4.extract_lane(dz3, 0));
  const d1 = f32x4.splat(f32x4.extract_lane(dz3, 1));
  const d2 = f32x4.splat(f32x4.extract_lane(dz3, 2));
  for (let off: usize = 0; off < hb; off += 16) {
    const h = v128.load(sH + off);
    const k0 = v128.load(w + 3 * hb + off);
    const k1 = v128.load(w + 4 * hb + off);
    const k2 = v128.load(w + 5 * hb + off);
    const dh = hiddenGrad3(k0, k1, k2, d0, d1, d2, h);
    update4(w, a, off, f32x4.add(zero, f32x4.mul(x0, dh)), m, lr, flush);
    update4(w, a, hb + off, f32x4.add(zero, f32x4.mul(x1, dh)), m, lr, flush);
    update4(w, a, 2 * hb + off, f32x4.add(zero, dh), m, lr, flush);
    update4(w, a, 3 * hb + off, f32x4.add(zero, f32x4.mul(h, d0)), m, lr, flush);
    update4(w, a, 4 * hb + off, f32x4.add(zero, f32x4.mul(h, d1)), m, lr, flush);
    update4(w, a, 5 * hb + off, f32x4.add(zero, f32x4.mul(h, d2)), m, lr, flush);
  }
  return loss;
}

/** One group of four hidden units (bytes `off`) of step23 at WORK: the six updates of its weights. */
// @ts-ignore: decorator
@inline function stepGroup(
  off: usize,
  x0: v128,
  x1: v128,
  d0: v128,
  d1: v128,
  d2: v128,
  m: v128,
  lr: v128,
  flush: v128,
): void {
  const zero = f32x4.splat(0);
  const h = v128.load(H + off);
  const dh = hiddenGrad3(
    v128.load(W + 3 * HB + off),
    v128.load(W + 4 * HB + off),
    v128.load(W + 5 * HB + off),
    d0,
    d1,
    d2,
    h,
  );
  update4(W, A, off, f32x4.add(zero, f32x4.mul(x0, dh)), m, lr, flush);
  update4(W, A, HB + off, f32x4.add(zero, f32x4.mul(x1, dh)), m, lr, flush);
  update4(W, A, 2 * HB + off, f32x4.add(zero, dh), m, lr, flush);
  update4(W, A, 3 * HB + off, f32x4.add(zero, f32x4.mul(h, d0)), m, lr, flush);
  update4(W, A, 4 * HB + off, f32x4.add(zero, f32x4.mul(h, d1)), m, lr, flush);
  update4(W, A, 5 * HB + off, f32x4.add(zero, f32x4.mul(h, d2)), m, lr, flush);
}

/** One group of four hidden units (bytes `off`) of one example's hidden layer at WORK: into H. */
// @ts-ignore: decorator
@inline function hiddenGroup1(off: usize, x0: v128, x1: v128): void {
  const h4 = hidden23(
    x0,
    x1,
    v128.load(W + off),
    v128.load(W + HB + off),
    v128.load(W + 2 * HB + off),
  );
  v128.store(H + off, h4);
}

/** step23 of the model in WORK (unrolled: every weight's address a constant), in step23's arithmetic. */
function step23w(xp: usize, yp: usize, label: i32, m: v128, lr: v128, flush: v128): f32 {
  const x0 = f32x4.splat(load<f32>(xp));
  const x1 = f32x4.splat(load<f32>(xp, 4));
  hiddenGroup1(0, x0, x1);
  hiddenGroup1(16, x0, x1);
  hiddenGroup1(32, x0, x1);
  hiddenGroup1(48, x0, x1);
  hiddenGroup1(64, x0, x1);
  hiddenGroup1(80, x0, x1);
  hiddenGroup1(96, x0, x1);
  hiddenGroup1(112, x0, x1);
  hiddenGroup1(128, x0, x1);
  hiddenGroup1(144, x0, x1);
  hiddenGroup1(160, x0, x1);
  hiddenGroup1(176, x0, x1);
  hiddenGroup1(192, x0, x1);
  z3 = logits52(H);
  const loss = logitsLoss3(yp, 1);
  lastCorrect = argMax3(z3) === label ? 1 : 0;
  update4(W, A, 6 * HB, f32x4.add(f32x4.splat(0), dz3), m, lr, flush);
  const d0 = f32x4.splat(f32x4.extract_lane(dz3, 0));
  const d1 = f32x4.splat(f32x4.extract_lane(dz3, 1));
  const d2 = f32x4.splat(f32x4.extract_lane(dz3, 2));
  stepGroup(0, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(16, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(32, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(48, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(64, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(80, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(96, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(112, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(128, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(144, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(160, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(176, x0, x1, d0, d1, d2, m, lr, flush);
  stepGroup(192, x0, x1, d0, d1, d2, m, lr, flush);
  return loss;
}

/**
 * Trains k models (parameters at `params`, accumulators at `acc`, model after
 * model) for one epoch: model m visits order[m * n .. (m + 1) * n) in
 * consecutive batches. Writes each model's epoch loss and accuracy as
 * tfjs' epoch logs report them.
 */
export function trainEpoch(
  n: i32,
  k: i32,
  x: usize,
  y: usize,
  labels: usize,
  order: usize,
  params: usize,
  acc: usize,
  batchSize: i32,
  negLr: f32,
  momentum: f32,
  clipped: i32,
  lossOut: usize,
  accuracyOut: usize,
): void {
  const MP = gMP;
  const bytes = <usize> MP << 2;
  const m = f32x4.splat(momentum);
  const lr = f32x4.splat(negLr);
  const flush = f32x4.splat(FLUSH);
  const invSeen: f32 = <f32> (1.0 / <f64> n);
  for (let model = 0; model < k; model++) {
    const w = params + <usize> model * bytes;
    const a = acc + <usize> model * bytes;
    const rows = order + (<usize> (model * n) << 2);
    let lossTotal: f32 = 0;
    let accuracyTotal: f32 = 0;
    if (batchSize == 1 && fast(clipped != 0)) {
      const work = workShape(false);
      if (work) {
        memory.copy(W, w, MB);
        memory.copy(A, a, MB);
      }
      for (let r = 0; r < n; r++) {
        const row = load<i32>(rows + (<usize> r << 2));
        const xp = x + (<usize> (row << 1) << 2);
        const yp = y + (<usize> (row * 3) << 2);
        const label = load<i32>(labels + (<usize> row << 2));
        const loss = work
          ? step23w(xp, yp, label, m, lr, flush)
          : step23(w, a, xp, yp, label, m, lr, flush);
        lossTotal = lossTotal + <f32> (<f64> loss);
        accuracyTotal = accuracyTotal + <f32> (<f64> lastCorrect);
      }
      if (work) {
        memory.copy(w, W, MB);
        memory.copy(a, A, MB);
      }
      flushWeights(w, bytes, flush);
      store<f32>(lossOut + (<usize> model << 2), invSeen * lossTotal);
      store<f32>(accuracyOut + (<usize> model << 2), invSeen * accuracyTotal);
      continue;
    }
    // The tutorial's shape trains in WORK (see forward23x4w), copied back after the epoch.
    const work = workShape(clipped != 0);
    const wt = work ? W : w, at = work ? A : a;
    if (work) {
      memory.copy(W, w, MB);
      memory.copy(A, a, MB);
    }
    for (let start = 0; start < n; start += batchSize) {
      const end = min(start + batchSize, n);
      const size = end - start;
      const bLoss = batch(wt, x, y, labels, rows, start, end, clipped != 0);
      lossTotal = lossTotal + <f32> (<f64> (<f32> (bLoss / <f64> size)) * <f64> size);
      accuracyTotal = accuracyTotal +
        <f32> (<f64> (<f32> (<f64> lastCorrect / <f64> size)) * <f64> size);
      for (let i: usize = 0; i < bytes; i += 16) {
        update4(wt, at, i, v128.load(sGrad + i), m, lr, flush);
      }
    }
    if (work) {
      memory.copy(w, W, MB);
      memory.copy(a, A, MB);
    }
    flushWeights(w, bytes, flush);
    store<f32>(lossOut + (<usize> model << 2), invSeen * lossTotal);
    store<f32>(accuracyOut + (<usize> model << 2), invSeen * accuracyTotal);
  }
}

/** Loss and accuracy of k models on n rows in one batch, as tfjs' evaluate reports them. */
export function evaluate(
  n: i32,
  k: i32,
  x: usize,
  y: usize,
  labels: usize,
  params: usize,
  clipped: i32,
  lossOut: usize,
  accuracyOut: usize,
): void {
  const bytes = <usize> gMP << 2;
  const nf: f64 = <f64> n;
  for (let model = 0; model < k; model++) {
    const w = params + <usize> model * bytes;
    let total: f64 = 0;
    let correct = 0;
    if (fast(clipped != 0)) {
      const work = workShape(false);
      if (work) memory.copy(W, w, MB);
      let row = 0;
      for (; row + 3 < n; row += 4) {
        const xp = x + (<usize> (row << 1) << 2);
        if (work) forward23x4w(xp, xp + 8, xp + 16, xp + 24);
        else forward23x4(w, xp, xp + 8, xp + 16, xp + 24, 0, 0, 0, 0);
        const yp = y + (<usize> (row * 3) << 2);
        const losses = logitsLoss3x4(
          z3,
          z3b,
          z3c,
          z3d,
          yp,
          yp + 12,
          yp + 24,
          yp + 36,
          v128.load(labels + (<usize> row << 2)),
          0,
        );
        total += <f64> f32x4.extract_lane(losses, 0);
        total += <f64> f32x4.extract_lane(losses, 1);
        total += <f64> f32x4.extract_lane(losses, 2);
        total += <f64> f32x4.extract_lane(losses, 3);
        correct += quadCorrect;
      }
      for (; row < n; row++) {
        forward23(w, x + (<usize> (row << 1) << 2));
        total += <f64> logitsLoss3(y + (<usize> (row * 3) << 2), 0);
        correct += argMax3(z3) === load<i32>(labels + (<usize> row << 2)) ? 1 : 0;
      }
    } else {
      for (let row = 0; row < n; row++) {
        total += <f64> example(w, x, y, labels, row, clipped != 0, 0);
        correct += lastCorrect;
      }
    }
    const meanLoss = <f32> (total / nf);
    const meanAcc = <f32> (<f64> correct / nf);
    store<f32>(lossOut + (<usize> model << 2), <f32> (<f64> (<f32> (nf * <f64> meanLoss)) / nf));
    store<f32>(accuracyOut + (<usize> model << 2), <f32> (<f64> (<f32> (nf * <f64> meanAcc)) / nf));
  }
}
