import type { LinalgBackend } from './backend.js';
import { columnMajor, transposed } from './backend.js';

/** Columns per block; trailing updates are GEMMs with inner size 64. */
export const DEFAULT_BLOCK_SIZE = 64;

/**
 * The factors of A = Q R as `householderQr` leaves them: R on and above the
 * diagonal of the column-major m x n matrix at `a`, the Householder
 * vectors v_j (with v_j[j] = 1 implied) below it, their scalars `tau`, and
 * the upper triangular T of each block (compact WY) at `t`, block b at
 * t + b * blockSize^2.
 */
export interface QrFactors {
  readonly m: number;
  readonly n: number;
  readonly a: number;
  readonly tau: Float64Array;
  readonly t: number;
  readonly blockSize: number;
}

/**
 * Blocked Householder QR of a column-major m x n matrix (m >= n), in place.
 *
 * Each block of `blockSize` columns is factored column by column
 * (H_j = I - tau_j v_j v_j^T, v_j[j] = 1, LAPACK's dgeqr2 conventions),
 * then its reflectors are aggregated into the compact WY form
 * H_1 ... H_b = I - V T V^T (Schreiber and Van Loan, "A storage-efficient
 * WY representation for products of Householder transformations", SIAM J.
 * Sci. Stat. Comput. 10(1), 1989), and the trailing columns are updated by
 * C -= V (T^T (V^T C)): two GEMMs, where almost all of the 2 n^2 (m - n/3)
 * flops go.
 */
export function householderQr(
  backend: LinalgBackend,
  a: number,
  m: number,
  n: number,
  blockSize = DEFAULT_BLOCK_SIZE,
): QrFactors {
  if (m < n) {
    throw new RangeError(
      `householderQr: rows must be >= columns; got ${m} x ${n}`,
    );
  }
  const nb = Math.max(1, Math.min(blockSize, n));
  const tau = new Float64Array(n);
  const t = backend.alloc(Math.ceil(n / nb) * nb * nb);
  const v = backend.alloc(m * nb);
  const s = backend.alloc(nb * nb);
  const w = backend.alloc(nb * n);
  const w2 = backend.alloc(nb * n);

  for (let j0 = 0; j0 < n; j0 += nb) {
    const jb = Math.min(nb, n - j0);
    const mv = m - j0;
    const tb = t + (j0 / nb) * nb * nb;
    factorPanel(backend.heap, a, m, j0, jb, tau);
    extractV(backend.heap, a, m, j0, jb, v);
    formT(backend, v, mv, jb, tau.subarray(j0, j0 + jb), s, tb);

    const nc = n - j0 - jb;
    if (nc === 0) continue;
    const c = a + j0 + (j0 + jb) * m;
    backend.gemm(jb, nc, mv, 1, transposed(v, mv), columnMajor(c, m), 0, w, jb);
    backend.gemm(
      jb,
      nc,
      jb,
      1,
      transposed(tb, jb),
      columnMajor(w, jb),
      0,
      w2,
      jb,
    );
    backend.gemm(
      mv,
      nc,
      jb,
      -1,
      columnMajor(v, mv),
      columnMajor(w2, jb),
      1,
      c,
      m,
    );
  }
  return { m, n, a, tau, t, blockSize: nb };
}

/**
 * The thin Q (m x n, column-major at `q`) of factors from `householderQr`:
 * Q = H_1 ... H_n [I; 0], accumulated block by block from the last, each
 * block applied as Q -= V (T (V^T Q)) to the rows and columns it touches
 * (LAPACK's dorgqr order), about 2 n^2 (m - n/3) flops.
 */
export function formQ(
  backend: LinalgBackend,
  factors: QrFactors,
  q: number,
): void {
  const { m, n, a, t, blockSize: nb } = factors;
  const mark = backend.mark();
  const v = backend.alloc(m * nb);
  const w = backend.alloc(nb * n);
  const w2 = backend.alloc(nb * n);
  const heap = backend.heap;
  heap.fill(0, q, q + m * n);
  for (let j = 0; j < n; j++) heap[q + j + j * m] = 1;

  const last = Math.floor((n - 1) / nb) * nb;
  for (let j0 = last; j0 >= 0; j0 -= nb) {
    const jb = Math.min(nb, n - j0);
    const mv = m - j0;
    const nq = n - j0;
    const tb = t + (j0 / nb) * nb * nb;
    const c = q + j0 + j0 * m;
    extractV(backend.heap, a, m, j0, jb, v);
    backend.gemm(jb, nq, mv, 1, transposed(v, mv), columnMajor(c, m), 0, w, jb);
    backend.gemm(
      jb,
      nq,
      jb,
      1,
      columnMajor(tb, jb),
      columnMajor(w, jb),
      0,
      w2,
      jb,
    );
    backend.gemm(
      mv,
      nq,
      jb,
      -1,
      columnMajor(v, mv),
      columnMajor(w2, jb),
      1,
      c,
      m,
    );
  }
  backend.release(mark);
}

/** Unblocked Householder QR of columns j0 .. j0 + jb - 1, rows j0 .. m - 1. */
function factorPanel(
  heap: Float64Array,
  a: number,
  m: number,
  j0: number,
  jb: number,
  tau: Float64Array,
): void {
  for (let j = j0; j < j0 + jb; j++) {
    const col = a + j * m;
    const alpha = heap[col + j]!;
    let sumSq = 0;
    for (let i = col + j + 1; i < col + m; i++) sumSq += heap[i]! * heap[i]!;
    if (sumSq === 0) {
      // Already upper triangular here: H_j = I, and R_jj keeps its sign.
      tau[j] = 0;
      continue;
    }
    // beta = -sign(alpha) |x| (sign(0) = +1) avoids cancellation in v.
    const norm = Math.sqrt(alpha * alpha + sumSq);
    const beta = alpha < 0 ? norm : -norm;
    tau[j] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = col + j + 1; i < col + m; i++) heap[i]! *= scale;
    heap[col + j] = beta;

    for (let k = j + 1; k < j0 + jb; k++) {
      const other = a + k * m;
      let dot = heap[other + j]!;
      for (let i = j + 1; i < m; i++) dot += heap[col + i]! * heap[other + i]!;
      const f = tau[j]! * dot;
      heap[other + j]! -= f;
      for (let i = j + 1; i < m; i++) heap[other + i]! -= f * heap[col + i]!;
    }
  }
}

/** Copies the block's V ((m - j0) x jb, unit lower trapezoidal) to `v`. */
function extractV(
  heap: Float64Array,
  a: number,
  m: number,
  j0: number,
  jb: number,
  v: number,
): void {
  const mv = m - j0;
  for (let k = 0; k < jb; k++) {
    const src = a + j0 + (j0 + k) * m;
    const dst = v + k * mv;
    heap.fill(0, dst, dst + k);
    heap[dst + k] = 1;
    heap.copyWithin(dst + k + 1, src + k + 1, src + mv);
  }
}

/**
 * T of H_1 ... H_jb = I - V T V^T (LAPACK's dlarft, forward, columnwise):
 * T_ii = tau_i and T[0:i, i] = -tau_i T[0:i, 0:i] (V^T v_i)[0:i], with
 * V^T V computed once by a GEMM.
 */
function formT(
  backend: LinalgBackend,
  v: number,
  mv: number,
  jb: number,
  tau: Float64Array,
  s: number,
  t: number,
): void {
  backend.gemm(jb, jb, mv, 1, transposed(v, mv), columnMajor(v, mv), 0, s, jb);
  const heap = backend.heap;
  heap.fill(0, t, t + jb * jb);
  for (let i = 0; i < jb; i++) {
    const ti = tau[i]!;
    heap[t + i + i * jb] = ti;
    for (let r = 0; r < i; r++) {
      let sum = 0;
      for (let l = r; l < i; l++) {
        sum += heap[t + r + l * jb]! * heap[s + l + i * jb]!;
      }
      heap[t + r + i * jb] = -ti * sum;
    }
  }
}
