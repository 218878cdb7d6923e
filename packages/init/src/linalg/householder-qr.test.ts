import { describe, expect, it } from 'vitest';
import type { LinalgBackend } from './backend.js';
import { formQ, householderQr } from './householder-qr.js';
import { ReferenceBackend } from './reference-gemm.js';
import { lcgValues } from './test-helpers.js';
import { WasmBackend } from './wasm-backend.js';

const shapes: [m: number, n: number, blockSize: number][] = [
  [1, 1, 64],
  [5, 1, 64],
  [6, 6, 4],
  [13, 7, 3],
  [40, 40, 8],
  [97, 61, 16],
  [150, 150, 64],
];

const backends: [string, () => LinalgBackend][] = [
  ['reference', () => new ReferenceBackend()],
  ['wasm', () => new WasmBackend()],
];

describe.each(backends)('householderQr (%s GEMM)', (_, makeBackend) => {
  it.each(shapes)('factors %i x %i (block %i)', (m, n, blockSize) => {
    const backend = makeBackend();
    const original = lcgValues(m * n, m * 1000 + n);
    const a = backend.alloc(m * n);
    const q = backend.alloc(m * n);
    backend.heap.set(original, a);

    const factors = householderQr(backend, a, m, n, blockSize);
    formQ(backend, factors, q);

    const heap = backend.heap;
    const r = (i: number, j: number): number =>
      i <= j ? heap[a + i + j * m]! : 0;
    let orthogonality = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let l = 0; l < m; l++) {
          dot += heap[q + l + i * m]! * heap[q + l + j * m]!;
        }
        orthogonality = Math.max(orthogonality, Math.abs(dot - +(i === j)));
      }
    }
    let reconstruction = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let l = 0; l <= j; l++) sum += heap[q + i + l * m]! * r(l, j);
        const diff = Math.abs(sum - original[i + j * m]!);
        reconstruction = Math.max(reconstruction, diff);
      }
    }

    expect(orthogonality).toBeLessThan(1e-13);
    expect(reconstruction).toBeLessThan(1e-13);
  });
});

describe('householderQr', () => {
  it('agrees to rounding between the reference and the wasm GEMM', () => {
    const results = backends.map(([, makeBackend]) => {
      const backend = makeBackend();
      const a = backend.alloc(30 * 20);
      backend.heap.set(lcgValues(30 * 20, 9), a);
      householderQr(backend, a, 30, 20, 8);
      return Array.from(backend.heap.subarray(a, a + 30 * 20));
    });

    // Different summation orders: equal to rounding, not bit for bit.
    for (let i = 0; i < results[0]!.length; i++) {
      expect(results[1]![i]!).toBeCloseTo(results[0]![i]!, 12);
    }
  });

  it('rejects wide matrices', () => {
    const backend = new ReferenceBackend();
    expect(() => householderQr(backend, backend.alloc(6), 2, 3)).toThrow(
      'householderQr: rows must be >= columns; got 2 x 3',
    );
  });
});
