import { describe, expect, it } from 'vitest';
import type { StridedMatrix } from './backend.js';
import { columnMajor, transposed } from './backend.js';
import { referenceGemm } from './reference-gemm.js';
import { lcgValues } from './test-helpers.js';
import { WasmBackend } from './wasm-backend.js';

type Case = [m: number, n: number, k: number, transA: boolean, transB: boolean];

const cases: Case[] = [
  [1, 1, 1, false, false],
  [1, 7, 3, true, false],
  [2, 3, 5, false, true],
  [7, 11, 13, true, true],
  [31, 37, 41, false, false],
  [129, 67, 300, true, false],
  [4, 6, 256, false, false],
  [133, 2051, 257, false, true],
  [5, 3, 0, false, false],
];

/** Lays out A (m x k) and B (k x n) in the heap, transposed or not. */
function operand(
  heap: Float64Array,
  offset: number,
  rows: number,
  cols: number,
  trans: boolean,
  values: Float64Array,
): StridedMatrix {
  heap.set(values, offset);
  return trans ? transposed(offset, cols) : columnMajor(offset, rows);
}

describe('WasmBackend.gemm', () => {
  it.each(cases)(
    'matches the reference for %i x %i x %i (transA %s, transB %s)',
    (m, n, k, transA, transB) => {
      const backend = new WasmBackend();
      const ldc = m + 2;
      const a = backend.alloc(m * k);
      const b = backend.alloc(k * n);
      const c = backend.alloc(ldc * n);
      const heap = backend.heap;
      const av = operand(heap, a, m, k, transA, lcgValues(m * k, 1));
      const bv = operand(heap, b, k, n, transB, lcgValues(k * n, 2));
      heap.set(lcgValues(ldc * n, 3), c);
      const expected = Float64Array.from(heap.subarray(0, c + ldc * n));

      backend.gemm(m, n, k, -0.75, av, bv, 0.5, c, ldc);
      referenceGemm(expected, m, n, k, -0.75, av, bv, 0.5, c, ldc);

      // The padding rows between columns (ldc > m) must stay untouched.
      let worst = 0;
      for (let i = c; i < c + ldc * n; i++) {
        worst = Math.max(worst, Math.abs(heap[i]! - expected[i]!));
      }
      expect(worst).toBeLessThanOrEqual(1e-12 * Math.max(1, k));
    },
  );

  it('treats beta = 0 as overwrite, even over NaN', () => {
    const backend = new WasmBackend();
    const a = backend.alloc(6);
    const b = backend.alloc(6);
    const c = backend.alloc(4);
    const heap = backend.heap;
    heap.set([1, 2, 3, 4, 5, 6], a);
    heap.set([1, 0, 0, 1, 1, 1], b);
    heap.fill(Number.NaN, c, c + 4);

    backend.gemm(2, 2, 3, 1, columnMajor(a, 2), columnMajor(b, 3), 0, c, 2);

    // A = [[1, 3, 5], [2, 4, 6]], B = [[1, 1], [0, 1], [0, 1]].
    expect(Array.from(heap.subarray(c, c + 4))).toEqual([1, 2, 9, 12]);
  });
});

describe('WasmBackend threads', () => {
  it('gives bit-identical GEMM results for 1, 2 and 3 threads', () => {
    const [m, n, k] = [150, 301, 120];
    const results = [1, 2, 3].map((threads) => {
      const backend = new WasmBackend({ threads });
      const a = backend.alloc(m * k);
      const b = backend.alloc(k * n);
      const c = backend.alloc(m * n);
      backend.heap.set(lcgValues(m * k, 4), a);
      backend.heap.set(lcgValues(k * n, 5), b);
      backend.heap.set(lcgValues(m * n, 6), c);
      backend.gemm(m, n, k, 1.5, transposed(a, k), columnMajor(b, k), -1, c, m);
      const out = Array.from(backend.heap.subarray(c, c + m * n));
      backend.dispose();
      return out;
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('rejects a thread count below 1', () => {
    expect(() => new WasmBackend({ threads: 0 })).toThrow(
      'WasmBackend: threads must be an integer >= 1; got 0',
    );
  });
});
