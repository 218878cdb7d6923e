import type { LinalgBackend, StridedMatrix } from './backend.js';

/**
 * C = alpha * A B + beta * C by the textbook triple loop, in f64. The
 * reference the WebAssembly kernel is tested against; O(m n k), slow.
 */
export function referenceGemm(
  heap: Float64Array,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: StridedMatrix,
  b: StridedMatrix,
  beta: number,
  c: number,
  ldc: number,
): void {
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      let sum = 0;
      for (let l = 0; l < k; l++) {
        sum +=
          heap[a.offset + i * a.rowStride + l * a.colStride]! *
          heap[b.offset + l * b.rowStride + j * b.colStride]!;
      }
      const p = c + i + j * ldc;
      heap[p] = (beta === 0 ? 0 : beta * heap[p]!) + alpha * sum;
    }
  }
}

/** A growable Float64Array heap with the reference GEMM. */
export class ReferenceBackend implements LinalgBackend {
  private data = new Float64Array(1024);
  private top = 0;

  get heap(): Float64Array {
    return this.data;
  }

  alloc(count: number): number {
    const offset = this.top + (this.top % 2);
    const end = offset + count;
    if (end > this.data.length) {
      const grown = new Float64Array(Math.max(end, 2 * this.data.length));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.fill(0, offset, end);
    this.top = end;
    return offset;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  gemm(
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: StridedMatrix,
    b: StridedMatrix,
    beta: number,
    c: number,
    ldc: number,
  ): void {
    referenceGemm(this.data, m, n, k, alpha, a, b, beta, c, ldc);
  }
}
