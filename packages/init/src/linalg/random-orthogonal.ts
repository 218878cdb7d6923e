import { fillNormal } from '../random/distributions.js';
import { RandomStream } from '../random/stream.js';
import type { FloatArray, Seed } from '../types.js';
import { haarFromGaussian } from './haar.js';
import type { LinalgBackend } from './backend.js';
import { defaultThreads, WasmBackend } from './wasm-backend.js';

/** Normals drawn per fillNormal call, to bound the temporary word buffer. */
const CHUNK = 1 << 20;

/**
 * Matrices up to this many elements share one single-threaded backend;
 * bigger ones get their own, with `defaultThreads()` threads.
 */
const SHARED_LIMIT = 1 << 20;
let shared: WasmBackend | undefined;

/**
 * The Gaussian matrix `randomOrthogonal` starts from: G[r, c] is element
 * r * cols + c of N(0, 1) drawn by `fillNormal` from RandomStream(seed,
 * key), i.e. the normals fill the [rows, cols] matrix in row-major order.
 * Exported so tests can hand the same matrix to an independent QR.
 */
export function gaussianMatrix(
  rows: number,
  cols: number,
  seed: Seed,
  key: string,
): Float64Array {
  const g = new Float64Array(rows * cols);
  const stream = new RandomStream(seed, key);
  for (let s = 0; s < g.length; s += CHUNK) {
    fillNormal(stream, g.subarray(s, Math.min(s + CHUNK, g.length)), 0, 1, s);
  }
  return g;
}

/**
 * Writes to `out` (row-major [rows, cols]) scale * W, with W a
 * Haar-distributed matrix with orthonormal rows (rows <= cols) or columns
 * (rows > cols), computed from `gaussianMatrix(rows, cols, seed, key)`.
 *
 * The QR is taken of the tall orientation (G itself when rows >= cols,
 * G^T otherwise), Q is sign-corrected by sign(diag(R)) and transposed back
 * when rows < cols, as in Saxe et al. (2013) and torch.nn.init.orthogonal_.
 * All arithmetic is f64; only the final values are rounded to `out`'s type.
 * Without a `backend`, matrices over 2^20 elements run on
 * `defaultThreads()` threads; the result does not depend on it.
 */
export function randomOrthogonal(
  rows: number,
  cols: number,
  seed: Seed,
  key: string,
  out: FloatArray,
  scale = 1,
  backend?: LinalgBackend,
): void {
  if (out.length !== rows * cols) {
    throw new RangeError(
      `randomOrthogonal: out.length must be rows * cols = ` +
        `${rows * cols}; got ${out.length}`,
    );
  }
  if (out.length === 0) return;
  if (backend !== undefined) {
    orthogonalOn(backend, rows, cols, seed, key, out, scale);
  } else if (out.length <= SHARED_LIMIT) {
    shared ??= new WasmBackend();
    orthogonalOn(shared, rows, cols, seed, key, out, scale);
  } else {
    // A fresh memory (wasm memory never shrinks), freed with the backend.
    const own = new WasmBackend({ threads: defaultThreads() });
    try {
      orthogonalOn(own, rows, cols, seed, key, out, scale);
    } finally {
      own.dispose();
    }
  }
}

function orthogonalOn(
  backend: LinalgBackend,
  rows: number,
  cols: number,
  seed: Seed,
  key: string,
  out: FloatArray,
  scale: number,
): void {
  const wide = rows < cols;
  const m = wide ? cols : rows;
  const n = wide ? rows : cols;
  const mark = backend.mark();
  const a = backend.alloc(m * n);
  const q = backend.alloc(m * n);
  try {
    drawTall(backend, a, rows, cols, seed, key);

    haarFromGaussian(backend, a, m, n, q);

    writeScaled(backend.heap, q, rows, cols, out, scale);
  } finally {
    backend.release(mark);
  }
}

/** out = scale * W, W read from the column-major tall Q at `q`. */
function writeScaled(
  heap: Float64Array,
  q: number,
  rows: number,
  cols: number,
  out: FloatArray,
  scale: number,
): void {
  if (rows < cols) {
    // Q (cols x rows, column-major) is W^T: read row-major it is W.
    for (let i = 0; i < out.length; i++) out[i] = scale * heap[q + i]!;
  } else {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        out[r * cols + c] = scale * heap[q + r + c * rows]!;
      }
    }
  }
}

/** Stores G (rows >= cols) or G^T (rows < cols) column-major at `a`. */
function drawTall(
  backend: LinalgBackend,
  a: number,
  rows: number,
  cols: number,
  seed: Seed,
  key: string,
): void {
  const stream = new RandomStream(seed, key);
  const size = rows * cols;
  if (rows < cols) {
    // G row-major is G^T column-major: draw in place.
    const heap = backend.heap;
    for (let s = 0; s < size; s += CHUNK) {
      const end = Math.min(s + CHUNK, size);
      fillNormal(stream, heap.subarray(a + s, a + end), 0, 1, s);
    }
    return;
  }
  const chunk = new Float64Array(Math.min(CHUNK, size));
  for (let s = 0; s < size; s += CHUNK) {
    const part = chunk.subarray(0, Math.min(CHUNK, size - s));
    fillNormal(stream, part, 0, 1, s);
    const heap = backend.heap;
    for (let i = 0; i < part.length; i++) {
      const element = s + i;
      const r = Math.floor(element / cols);
      const c = element - r * cols;
      heap[a + r + c * rows] = part[i]!;
    }
  }
}
