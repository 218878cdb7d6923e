import { describe, expect, it, vi } from 'vitest';
import * as init from '../index.js';
import { WasmBackend } from '../linalg/wasm-backend.js';
import { tiedOrthogonal } from './tied-orthogonal.js';

/** Row-major product of [m, k] and [k, n] matrices, in f64. */
function multiply(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < k; l++) {
      const x = a[i * k + l]!;
      for (let j = 0; j < n; j++) c[i * n + j]! += x * b[l * n + j]!;
    }
  }
  return c;
}

function transpose(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return t;
}

describe('tiedOrthogonal', () => {
  it.each([
    [[30, 12, 40, 25], 1.3],
    [[20, 20, 20], 1],
    [[8, 50, 8], 0.8],
  ])('gives %j a product with min(n) singular values gain^L', (sizes, gain) => {
    const ws = tiedOrthogonal(sizes, gain, 4, 'chain');
    const layers = sizes.length - 1;
    let product: Float64Array = Float64Array.from(ws[0]!);
    for (let i = 1; i < layers; i++) {
      product = multiply(ws[i]!, product, sizes[i + 1]!, sizes[i]!, sizes[0]!);
    }
    const rows = sizes[layers]!;
    const cols = sizes[0]!;
    const scale = gain ** (2 * layers);

    // P P^T / gain^(2L) is a projection (idempotent) whose trace is its
    // rank: exactly min(n) singular values equal gain^L, the rest 0.
    const ppt = multiply(
      product,
      transpose(product, rows, cols),
      rows,
      cols,
      rows,
    ).map((x) => x / scale);
    const square = multiply(ppt, ppt, rows, rows, rows);
    let idempotence = 0;
    let trace = 0;
    for (let i = 0; i < rows * rows; i++) {
      idempotence = Math.max(idempotence, Math.abs(square[i]! - ppt[i]!));
    }
    for (let i = 0; i < rows; i++) trace += ppt[i * rows + i]!;

    expect(idempotence).toBeLessThan(1e-5);
    expect(trace).toBeCloseTo(Math.min(...sizes), 4);
  });

  it('returns [out, in] matrices, deterministic in seed and key', () => {
    const a = tiedOrthogonal([6, 4, 9], 1, 1, 'k');
    expect(a.map((w) => w.length)).toEqual([24, 36]);
    expect(tiedOrthogonal([6, 4, 9], 1, 1, 'k')).toEqual(a);
    expect(tiedOrthogonal([6, 4, 9], 1, 1, 'j')).not.toEqual(a);
  });

  it('rejects a chain of fewer than two sizes', () => {
    expect(() => tiedOrthogonal([5], 1, 0, 'k')).toThrow(
      'tiedOrthogonal: sizes must be >= 2 integers >= 1; got [5]',
    );
  });

  it('is exported from the package index', () => {
    expect(init.tiedOrthogonal).toBe(tiedOrthogonal);
  });

  it('disposes the WasmBackend it creates', () => {
    const dispose = vi.spyOn(WasmBackend.prototype, 'dispose');
    try {
      tiedOrthogonal([6, 4, 6], 1, 0, 'disposed');
      expect(dispose).toHaveBeenCalledTimes(1);
    } finally {
      dispose.mockRestore();
    }
  });
});
