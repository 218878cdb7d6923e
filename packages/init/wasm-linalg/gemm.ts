/**
 * AssemblyScript source of the f64 GEMM kernel (compiled by build.mjs into
 * src/linalg/gemm.wasm.ts). Goto/BLIS structure: B is packed into
 * KC x NC panels of NR-column slivers, A into MC x KC blocks of MR-row
 * slivers, and a 4 x 6 register-blocked micro-kernel on f64x2 vectors
 * accumulates each tile over one KC block. The order of additions is fixed
 * by the block sizes alone, so results are reproducible bit for bit.
 */

const MR: i32 = 4;
const NR: i32 = 6;
const MC: i32 = 128;
const KC: i32 = 256;
const NC: i32 = 2040; // a multiple of NR: packed B must fit its buffer

/** Bytes of workspace `gemm` needs: packed A, packed B and one tile. */
export function workBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 8;
}

/** First free byte above the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * C = alpha * A B + beta * C for a column-major m x n matrix C (leading
 * dimension ldc). Element (i, l) of A is read at a + 8 (i ars + l acs) and
 * element (l, j) of B at b + 8 (l brs + j bcs), so transposes and either
 * storage order are expressed by the strides.
 */
export function gemm(
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  ars: i32,
  acs: i32,
  b: usize,
  brs: i32,
  bcs: i32,
  beta: f64,
  c: usize,
  ldc: i32,
  work: usize,
): void {
  if (m <= 0 || n <= 0) return;
  scale(m, n, beta, c, ldc);
  if (k <= 0 || alpha == 0) return;
  const packA = work;
  const packB = work + <usize>(MC * KC * 8);
  const tile = packB + <usize>(KC * NC * 8);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packPanelB(
        kc,
        nc,
        b + <usize>(8 * (pc * brs + jc * bcs)),
        brs,
        bcs,
        packB,
      );
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packPanelA(
          mc,
          kc,
          a + <usize>(8 * (ic * ars + pc * acs)),
          ars,
          acs,
          packA,
        );
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const cij = c + <usize>(8 * (ic + ir + (jc + jr) * ldc));
            kernel(
              kc,
              packA + <usize>(ir * kc * 8),
              packB + <usize>(jr * kc * 8),
              alpha,
              cij,
              ldc,
              mr,
              nr,
              tile,
            );
          }
        }
      }
    }
  }
}

function scale(m: i32, n: i32, beta: f64, c: usize, ldc: i32): void {
  if (beta == 1) return;
  for (let j = 0; j < n; j++) {
    const col = c + <usize>(8 * j * ldc);
    for (let i = 0; i < m; i++) {
      const p = col + <usize>(8 * i);
      store<f64>(p, beta == 0 ? 0 : beta * load<f64>(p));
    }
  }
}

/** MR-row slivers: for each l, MR consecutive values, zero-padded. */
function packPanelA(
  mc: i32,
  kc: i32,
  a: usize,
  ars: i32,
  acs: i32,
  out: usize,
): void {
  let o = out;
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    for (let l = 0; l < kc; l++) {
      for (let i = 0; i < MR; i++) {
        const v =
          i < mr ? load<f64>(a + <usize>(8 * ((ir + i) * ars + l * acs))) : 0.0;
        store<f64>(o, v);
        o += 8;
      }
    }
  }
}

/** NR-column slivers: for each l, NR consecutive values, zero-padded. */
function packPanelB(
  kc: i32,
  nc: i32,
  b: usize,
  brs: i32,
  bcs: i32,
  out: usize,
): void {
  let o = out;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    for (let l = 0; l < kc; l++) {
      for (let j = 0; j < NR; j++) {
        const v =
          j < nr ? load<f64>(b + <usize>(8 * (l * brs + (jr + j) * bcs))) : 0.0;
        store<f64>(o, v);
        o += 8;
      }
    }
  }
}

function addTo(p: usize, acc: v128, alpha: v128): void {
  v128.store(p, f64x2.add(v128.load(p), f64x2.mul(acc, alpha)));
}

function kernel(
  kc: i32,
  a: usize,
  b: usize,
  alpha: f64,
  c: usize,
  ldc: i32,
  mr: i32,
  nr: i32,
  tile: usize,
): void {
  let c00 = f64x2.splat(0);
  let c10 = f64x2.splat(0);
  let c01 = f64x2.splat(0);
  let c11 = f64x2.splat(0);
  let c02 = f64x2.splat(0);
  let c12 = f64x2.splat(0);
  let c03 = f64x2.splat(0);
  let c13 = f64x2.splat(0);
  let c04 = f64x2.splat(0);
  let c14 = f64x2.splat(0);
  let c05 = f64x2.splat(0);
  let c15 = f64x2.splat(0);
  let pa = a;
  let pb = b;
  for (let l = 0; l < kc; l++) {
    const a0 = v128.load(pa);
    const a1 = v128.load(pa, 16);
    let bj = v128.load64_splat(pb);
    c00 = f64x2.add(c00, f64x2.mul(a0, bj));
    c10 = f64x2.add(c10, f64x2.mul(a1, bj));
    bj = v128.load64_splat(pb, 8);
    c01 = f64x2.add(c01, f64x2.mul(a0, bj));
    c11 = f64x2.add(c11, f64x2.mul(a1, bj));
    bj = v128.load64_splat(pb, 16);
    c02 = f64x2.add(c02, f64x2.mul(a0, bj));
    c12 = f64x2.add(c12, f64x2.mul(a1, bj));
    bj = v128.load64_splat(pb, 24);
    c03 = f64x2.add(c03, f64x2.mul(a0, bj));
    c13 = f64x2.add(c13, f64x2.mul(a1, bj));
    bj = v128.load64_splat(pb, 32);
    c04 = f64x2.add(c04, f64x2.mul(a0, bj));
    c14 = f64x2.add(c14, f64x2.mul(a1, bj));
    bj = v128.load64_splat(pb, 40);
    c05 = f64x2.add(c05, f64x2.mul(a0, bj));
    c15 = f64x2.add(c15, f64x2.mul(a1, bj));
    pa += 32;
    pb += 48;
  }
  const va = f64x2.splat(alpha);
  if (mr == MR && nr == NR) {
    const ld = <usize>(8 * ldc);
    addTo(c + 0 * ld, c00, va);
    addTo(c + 0 * ld + 16, c10, va);
    addTo(c + 1 * ld, c01, va);
    addTo(c + 1 * ld + 16, c11, va);
    addTo(c + 2 * ld, c02, va);
    addTo(c + 2 * ld + 16, c12, va);
    addTo(c + 3 * ld, c03, va);
    addTo(c + 3 * ld + 16, c13, va);
    addTo(c + 4 * ld, c04, va);
    addTo(c + 4 * ld + 16, c14, va);
    addTo(c + 5 * ld, c05, va);
    addTo(c + 5 * ld + 16, c15, va);
    return;
  }
  v128.store(tile, c00, 0);
  v128.store(tile, c10, 16);
  v128.store(tile, c01, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c02, 64);
  v128.store(tile, c12, 80);
  v128.store(tile, c03, 96);
  v128.store(tile, c13, 112);
  v128.store(tile, c04, 128);
  v128.store(tile, c14, 144);
  v128.store(tile, c05, 160);
  v128.store(tile, c15, 176);
  for (let j = 0; j < nr; j++) {
    for (let i = 0; i < mr; i++) {
      const p = c + <usize>(8 * (i + j * ldc));
      const t = load<f64>(tile + <usize>(8 * (i + j * MR)));
      store<f64>(p, load<f64>(p) + alpha * t);
    }
  }
}
