import { randomOrthogonal } from '../linalg/random-orthogonal.js';
import { WasmBackend } from '../linalg/wasm-backend.js';
import type { Seed } from '../types.js';

/**
 * Weights for a chain of fully connected layers with sizes [n0, ..., nL]
 * whose singular vectors are tied across layers (Saxe, McClelland and
 * Ganguli, "Exact solutions to the nonlinear dynamics of learning in deep
 * linear neural networks", ICLR 2014, arXiv 1312.6120, section 3):
 *
 *   W_i = gain * R_{i+1}[:, :d] R_i[:, :d]^T,  d = min(n_i, n_{i+1}),
 *
 * with R_i a Haar-random n_i x n_i orthogonal matrix drawn with key
 * `${key}/${i}`. The right singular vectors of W_{i+1} are the left ones
 * of W_i, so the product W_L ... W_1 = gain^L R_L P R_0^T, where P keeps
 * the first min(n) coordinates: min(n) singular values equal gain^L and
 * the rest are 0, even through bottlenecks.
 *
 * Returns the L matrices, W_i as a row-major Float32Array [n_{i+1}, n_i]
 * ([out, in], layout OI).
 *
 * @example
 * const [w1, w2] = tiedOrthogonal([784, 100, 784], 1, 0, 'autoencoder');
 */
export function tiedOrthogonal(
  sizes: readonly number[],
  gain: number,
  seed: Seed,
  key: string,
): Float32Array[] {
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RangeError(
      `tiedOrthogonal: sizes must be >= 2 integers >= 1; ` +
        `got [${sizes.join(', ')}]`,
    );
  }
  if (!Number.isFinite(gain)) {
    throw new RangeError(`tiedOrthogonal: gain must be finite; got ${gain}`);
  }

  // Its worker threads are stopped on return and on a throw.
  const backend = new WasmBackend();
  try {
    const bases = sizes.map((n, i) => {
      const r = backend.alloc(n * n);
      randomOrthogonal(
        n,
        n,
        seed,
        `${key}/${i}`,
        backend.heap.subarray(r, r + n * n),
      );
      return r;
    });

    return sizes.slice(1).map((rows, i) => {
      const cols = sizes[i]!;
      const d = Math.min(rows, cols);
      const left = bases[i + 1]!;
      const right = bases[i]!;
      const mark = backend.mark();
      const c = backend.alloc(rows * cols);
      // W^T (column-major [cols, rows]) = R_i[:, :d] R_{i+1}[:, :d]^T,
      // which read row-major is W.
      backend.gemm(
        cols,
        rows,
        d,
        gain,
        { offset: right, rowStride: cols, colStride: 1 },
        { offset: left, rowStride: 1, colStride: rows },
        0,
        c,
        cols,
      );
      const w = Float32Array.from(backend.heap.subarray(c, c + rows * cols));
      backend.release(mark);
      return w;
    });
  } finally {
    backend.dispose();
  }
}
