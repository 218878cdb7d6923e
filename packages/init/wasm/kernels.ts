// AssemblyScript source of the WebAssembly SIMD kernels of @zoo/init.
// Build: `node packages/init/wasm/build.mjs` (writes
// packages/init/src/random/kernels.wasm.ts). Not compiled by tsc.
//
// Philox4x32-10 (Salmon, Moraes, Dror and Shaw, SC 2011) on four blocks at
// a time in structure-of-arrays form: vector xN holds word N of blocks
// b .. b + 3. The 32x32 -> 64-bit products come from i64x2.extmul. Each
// kernel fills `units` units of 32 words (8 blocks, two interleaved groups
// of four) starting at block (lo, hi) into the scratch buffer, in stream
// order; the caller copies out the range it wants.
//
// Error of the f32 Box-Muller against the f64 formula on the same words,
// for N(0, 1): below 1e-6 absolute (3.4e-7 seen on 2e5 samples); logf
// polynomial below 1 ulp, sin/cos Taylor truncation below 3e-8 on
// [-pi/4, pi/4]. Tested in src/random/distributions.test.ts.

const CHUNK_BYTES: i32 = 1 << 18;
const SCRATCH: usize = memory.data(CHUNK_BYTES, 16);
const TEMP: usize = memory.data(128, 16);

// Multipliers M0, M1 and Weyl key increments W0, W1 of Philox4x32.
const PHILOX: usize = memory.data<u32>([
  0xd2511f53, 0xcd9e8d57, 0x9e3779b9, 0xbb67ae85,
]);
// Block offsets 0 .. 7 of the two groups of four.
const LANES: usize = memory.data<u32>([0, 1, 2, 3, 4, 5, 6, 7], 16);

let key0: u32 = 0;
let key1: u32 = 0;
let ctr2: u32 = 0;
let ctr3: u32 = 0;

// The eight vectors of the last computed unit: x0 .. x3 hold blocks
// lo .. lo + 3, x4 .. x7 blocks lo + 4 .. lo + 7 (see philox).
let x0: v128 = i32x4.splat(0);
let x1: v128 = i32x4.splat(0);
let x2: v128 = i32x4.splat(0);
let x3: v128 = i32x4.splat(0);
let x4: v128 = i32x4.splat(0);
let x5: v128 = i32x4.splat(0);
let x6: v128 = i32x4.splat(0);
let x7: v128 = i32x4.splat(0);

/** Address of the scratch buffer the kernels write to. */
export function scratch(): usize {
  return SCRATCH;
}

/** Size of the scratch buffer in bytes. */
export function scratchBytes(): i32 {
  return CHUNK_BYTES;
}

/** Sets the Philox key (k0, k1) and counter words 2 and 3 (h0, h1). */
export function setStream(k0: u32, k1: u32, h0: u32, h1: u32): void {
  key0 = k0;
  key1 = k1;
  ctr2 = h0;
  ctr3 = h1;
}

// Ten Philox rounds on blocks lo .. lo + 7 (low counter words), as two
// independent groups of four so the multiplies of one hide the latency of
// the other. Results go to x0 .. x3 (blocks lo .. lo + 3) and x4 .. x7.
function philox(lo: u32, hi: u32): void {
  const base = i32x4.splat(lo);
  let a = i32x4.add(base, v128.load(LANES));
  let e = i32x4.add(base, v128.load(LANES, 16));
  // A lane whose low counter word wrapped carries into the high word.
  let b = i32x4.sub(i32x4.splat(hi), i32x4.lt_u(a, base));
  let f = i32x4.sub(i32x4.splat(hi), i32x4.lt_u(e, base));
  let c = i32x4.splat(ctr2);
  let d = i32x4.splat(ctr3);
  let g = c;
  let h = d;
  // Loaded, not v128.const: see the F32 table below.
  const m0 = v128.load32_splat(PHILOX);
  const m1 = v128.load32_splat(PHILOX + 4);
  let k0 = i32x4.splat(key0);
  let k1 = i32x4.splat(key1);
  const w0 = v128.load32_splat(PHILOX + 8);
  const w1 = v128.load32_splat(PHILOX + 12);
  for (let round = 0; round < 10; round++) {
    const p0lo = i64x2.extmul_low_i32x4_u(a, m0);
    const p0hi = i64x2.extmul_high_i32x4_u(a, m0);
    const p1lo = i64x2.extmul_low_i32x4_u(c, m1);
    const p1hi = i64x2.extmul_high_i32x4_u(c, m1);
    const q0lo = i64x2.extmul_low_i32x4_u(e, m0);
    const q0hi = i64x2.extmul_high_i32x4_u(e, m0);
    const q1lo = i64x2.extmul_low_i32x4_u(g, m1);
    const q1hi = i64x2.extmul_high_i32x4_u(g, m1);
    a = v128.xor(v128.xor(i32x4.shuffle(p1lo, p1hi, 1, 3, 5, 7), b), k0);
    b = i32x4.shuffle(p1lo, p1hi, 0, 2, 4, 6);
    c = v128.xor(v128.xor(i32x4.shuffle(p0lo, p0hi, 1, 3, 5, 7), d), k1);
    d = i32x4.shuffle(p0lo, p0hi, 0, 2, 4, 6);
    e = v128.xor(v128.xor(i32x4.shuffle(q1lo, q1hi, 1, 3, 5, 7), f), k0);
    f = i32x4.shuffle(q1lo, q1hi, 0, 2, 4, 6);
    g = v128.xor(v128.xor(i32x4.shuffle(q0lo, q0hi, 1, 3, 5, 7), h), k1);
    h = i32x4.shuffle(q0lo, q0hi, 0, 2, 4, 6);
    k0 = i32x4.add(k0, w0);
    k1 = i32x4.add(k1, w1);
  }
  x0 = a;
  x1 = b;
  x2 = c;
  x3 = d;
  x4 = e;
  x5 = f;
  x6 = g;
  x7 = h;
}

/** Stores SoA vectors as four rows of four 32-bit lanes (a transpose). */
function store4x4(p: usize, a: v128, b: v128, c: v128, d: v128): void {
  const t0 = i32x4.shuffle(a, b, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(c, d, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(a, b, 2, 6, 3, 7);
  const t3 = i32x4.shuffle(c, d, 2, 6, 3, 7);
  v128.store(p, i64x2.shuffle(t0, t1, 0, 2));
  v128.store(p, i64x2.shuffle(t0, t1, 1, 3), 16);
  v128.store(p, i64x2.shuffle(t2, t3, 0, 2), 32);
  v128.store(p, i64x2.shuffle(t2, t3, 1, 3), 48);
}

/** Raw 32-bit words: `units` units of 32 words (8 blocks). */
export function words(units: i32, lo: u32, hi: u32): void {
  for (let i = 0; i < units; i++) {
    philox(lo, hi);
    const p = SCRATCH + ((<usize>i) << 7);
    store4x4(p, x0, x1, x2, x3);
    store4x4(p + 64, x4, x5, x6, x7);
    lo += 8;
    if (lo < 8) hi++;
  }
}

// Uniforms in f64, exactly as the JS reference computes them:
// low + width * ((w >>> 8) + 0.5) * 2^-24, each step rounded to f64.
function uniformPair(w: v128, low: v128, width: v128): v128 {
  const u = f64x2.convert_low_i32x4_u(i32x4.shr_u(w, 8));
  const half = f64x2.splat(0.5);
  const scale = f64x2.splat(1.0 / 16777216.0);
  return f64x2.add(low, f64x2.mul(width, f64x2.mul(f64x2.add(u, half), scale)));
}

// Uniforms in f32: v = (w >>> 8) 2^-24 + 2^-25, rounded to f32 and kept
// below 1 (the top value would round up to 1), then low + width * v,
// clamped to [low, high]: with |low| much larger than the width, the f32
// width and the final rounding can land one ulp above high.
function uniform4(w: v128, low: v128, width: v128, high: v128): v128 {
  const u = f32x4.convert_i32x4_s(i32x4.shr_u(w, 8));
  const unit = f32x4.min(f32x4.add(f32x4.mul(u, f(19)), f(20)), f(21));
  const x = f32x4.add(low, f32x4.mul(width, unit));
  return f32x4.min(f32x4.max(x, low), high);
}

/** U(low, high) in f32 arithmetic, width = high - low, kept in bounds. */
export function uniform32(
  units: i32,
  lo: u32,
  hi: u32,
  low: f32,
  width: f32,
  high: f32,
): void {
  const l = f32x4.splat(low);
  const w = f32x4.splat(width);
  const h = f32x4.splat(high);
  for (let i = 0; i < units; i++) {
    philox(lo, hi);
    const p = SCRATCH + ((<usize>i) << 7);
    store4x4(
      p,
      uniform4(x0, l, w, h),
      uniform4(x1, l, w, h),
      uniform4(x2, l, w, h),
      uniform4(x3, l, w, h),
    );
    store4x4(
      p + 64,
      uniform4(x4, l, w, h),
      uniform4(x5, l, w, h),
      uniform4(x6, l, w, h),
      uniform4(x7, l, w, h),
    );
    lo += 8;
    if (lo < 8) hi++;
  }
}

/** U(low, low + width) in f64: bit-identical to the JS reference. */
export function uniform64(
  units: i32,
  lo: u32,
  hi: u32,
  low: f64,
  width: f64,
): void {
  const l = f64x2.splat(low);
  const wd = f64x2.splat(width);
  for (let i = 0; i < units; i++) {
    philox(lo, hi);
    // Transposing the words first keeps the f64 stores in stream order.
    store4x4(TEMP, x0, x1, x2, x3);
    store4x4(TEMP + 64, x4, x5, x6, x7);
    const p = SCRATCH + ((<usize>i) << 8);
    for (let j: usize = 0; j < 8; j++) {
      const w = v128.load(TEMP + (j << 4));
      v128.store(p + (j << 5), uniformPair(w, l, wd));
      v128.store(
        p + (j << 5),
        uniformPair(i64x2.shuffle(w, w, 1, 1), l, wd),
        16,
      );
    }
    lo += 8;
    if (lo < 8) hi++;
  }
}

// Constants of the transforms below, read with v128.load32_splat: V8
// builds a v128.const from immediates in four instructions each time,
// a splat load is one.
const F32: usize = memory.data<f32>([
  6.9313812256e-1, // 0: ln 2, high part (fdlibm logf)
  9.0580006145e-6, // 1: ln 2, low part
  0.66666662693, // 2: Lg1
  0.40000972152, // 3: Lg2
  0.28498786688, // 4: Lg3
  0.24279078841, // 5: Lg4
  2, // 6
  0.5, // 7
  1.8725351e-7, // 8: 2 pi / 2^25
  2.7557319e-6, // 9: 1/9!
  -1.984127e-4, // 10: -1/7!
  8.3333333e-3, // 11: 1/5!
  -1.6666667e-1, // 12: -1/3!
  2.4801587e-5, // 13: 1/8!
  -1.3888889e-3, // 14: -1/6!
  4.1666667e-2, // 15: 1/4!
  -0.5, // 16
  1, // 17
  -2, // 18
  5.9604645e-8, // 19: 2^-24
  2.9802322e-8, // 20: 2^-25
  0.99999994, // 21: 1 - 2^-24
]);
const I32: usize = memory.data<i32>([
  0x3f3504f3, // 0: bits of sqrt(1/2)
  127, // 1
  25, // 2
  1 << 22, // 3
  1, // 4
  2, // 5
  0xff, // 6
]);

function f(i: i32): v128 {
  return v128.load32_splat(F32 + ((<usize>i) << 2));
}

function n(i: i32): v128 {
  return v128.load32_splat(I32 + ((<usize>i) << 2));
}

// ln(u) for u = v / 2^25 with v an odd integer in (0, 2^25). Writing
// v = 2^k (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)), v - 2^k is an
// integer of fewer than 24 bits, so f is exact and ln(u) keeps its
// relative accuracy as u -> 1. It is formed as (hi - 2^k) + lo with
// hi = v & ~255 (Sterbenz: exact) and lo = v & 255. Then
// log1p(f) = 2 atanh(s), s = f / (2 + f), by the fdlibm logf polynomial
// (error below 1 ulp of f32 on this range).
function logUnit(v: v128): v128 {
  const k = i32x4.shr_s(i32x4.sub(f32x4.convert_i32x4_s(v), n(0)), 23);
  const twoK = i32x4.shl(i32x4.add(k, n(1)), 23);
  const twoMinusK = i32x4.shl(i32x4.sub(n(1), k), 23);
  const low = v128.and(v, n(6));
  const high = f32x4.convert_i32x4_s(v128.andnot(v, n(6)));
  const diff = f32x4.add(f32x4.sub(high, twoK), f32x4.convert_i32x4_s(low));
  const x = f32x4.mul(diff, twoMinusK);
  const s = f32x4.div(x, f32x4.add(f(6), x));
  const z = f32x4.mul(s, s);
  const w = f32x4.mul(z, z);
  const t1 = f32x4.mul(w, f32x4.add(f(3), f32x4.mul(w, f(5))));
  const t2 = f32x4.mul(z, f32x4.add(f(2), f32x4.mul(w, f(4))));
  const r = f32x4.add(t2, t1);
  const hfsq = f32x4.mul(f(7), f32x4.mul(x, x));
  const e = f32x4.convert_i32x4_s(i32x4.sub(k, n(2)));
  const lo = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, r)), f32x4.mul(e, f(1)));
  const log1p = f32x4.add(f32x4.sub(lo, hfsq), x);
  return f32x4.add(f32x4.mul(e, f(0)), log1p);
}

// sin and cos of 2 pi u for u = v / 2^25. The quadrant j and the remainder
// v - j 2^23 (|.| <= 2^22) are exact integers; the remainder angle is in
// [-pi/4, pi/4], where the Taylor polynomials below are within 2e-9
// (sin, to x^9) and 3e-8 (cos, to x^8) of the true values.
function cosSinUnit(
  v: v128,
  r: v128,
  mean: v128,
  std: v128,
  lane0: bool,
): void {
  const j = i32x4.shr_s(i32x4.add(v, n(3)), 23);
  const rem = i32x4.sub(v, i32x4.shl(j, 23));
  const x = f32x4.mul(f32x4.convert_i32x4_s(rem), f(8));
  const x2 = f32x4.mul(x, x);
  let ps = f32x4.add(f32x4.mul(f(9), x2), f(10));
  ps = f32x4.add(f32x4.mul(ps, x2), f(11));
  ps = f32x4.add(f32x4.mul(ps, x2), f(12));
  const sin = f32x4.add(x, f32x4.mul(f32x4.mul(ps, x2), x));
  let pc = f32x4.add(f32x4.mul(f(13), x2), f(14));
  pc = f32x4.add(f32x4.mul(pc, x2), f(15));
  pc = f32x4.add(f32x4.mul(pc, x2), f(16));
  const cos = f32x4.add(f(17), f32x4.mul(pc, x2));
  // cos(j pi/2 + x) and sin(j pi/2 + x) by swapping and negating.
  const swap = i32x4.eq(v128.and(j, n(4)), n(4));
  const c = v128.bitselect(sin, cos, swap);
  const s = v128.bitselect(cos, sin, swap);
  const cSign = i32x4.shl(v128.and(i32x4.add(j, n(4)), n(5)), 30);
  const sSign = i32x4.shl(v128.and(j, n(5)), 30);
  const zc = f32x4.mul(r, v128.xor(c, cSign));
  const zs = f32x4.mul(r, v128.xor(s, sSign));
  const yc = f32x4.add(mean, f32x4.mul(std, zc));
  const ys = f32x4.add(mean, f32x4.mul(std, zs));
  if (lane0) {
    y0 = yc;
    y1 = ys;
  } else {
    y2 = yc;
    y3 = ys;
  }
}

let y0: v128 = i32x4.splat(0);
let y1: v128 = i32x4.splat(0);
let y2: v128 = i32x4.splat(0);
let y3: v128 = i32x4.splat(0);

// v = 2 (w >>> 8) + 1: the 24-bit uniform ((w >>> 8) + 0.5) 2^-24 is v 2^-25.
function oddNumerator(w: v128): v128 {
  return v128.or(i32x4.shr_u(w, 7), n(4));
}

function radius(w: v128): v128 {
  return f32x4.sqrt(f32x4.mul(f(18), logUnit(oddNumerator(w))));
}

/**
 * N(mean, std^2) in f32 by Box-Muller: elements 2j and 2j + 1 are r cos(t)
 * and r sin(t) with r = sqrt(-2 ln u) from word 2j and t = 2 pi u' from
 * word 2j + 1. In a block, words 0, 1 and 2, 3 are the pairs, so in SoA
 * form x0, x1 give elements 0, 1 and x2, x3 give elements 2, 3.
 */
export function normal32(
  units: i32,
  lo: u32,
  hi: u32,
  mean: f32,
  std: f32,
): void {
  const m = f32x4.splat(mean);
  const s = f32x4.splat(std);
  for (let i = 0; i < units; i++) {
    philox(lo, hi);
    const p = SCRATCH + ((<usize>i) << 7);
    const a4 = x4;
    const a5 = x5;
    const a6 = x6;
    const a7 = x7;
    cosSinUnit(oddNumerator(x1), radius(x0), m, s, true);
    cosSinUnit(oddNumerator(x3), radius(x2), m, s, false);
    store4x4(p, y0, y1, y2, y3);
    cosSinUnit(oddNumerator(a5), radius(a4), m, s, true);
    cosSinUnit(oddNumerator(a7), radius(a6), m, s, false);
    store4x4(p + 64, y0, y1, y2, y3);
    lo += 8;
    if (lo < 8) hi++;
  }
}
