import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formQ, householderQr } from './householder-qr.js';
import { gaussianMatrix, randomOrthogonal } from './random-orthogonal.js';
import { ReferenceBackend } from './reference-gemm.js';
import { orthogonalityError } from './test-helpers.js';
import { WasmBackend } from './wasm-backend.js';

const PYTHON = '/usr/bin/python3';

/** numpy.linalg.qr of the tall orientation, sign-corrected, as W. */
const NUMPY_SCRIPT = `
import sys, numpy as np
rows, cols = int(sys.argv[1]), int(sys.argv[2])
g = np.frombuffer(sys.stdin.buffer.read(), dtype='<f8').reshape(rows, cols)
a = g.T if rows < cols else g
q, r = np.linalg.qr(a)
d = np.sign(np.diag(r))
d[d == 0] = 1
q = q * d
w = q.T if rows < cols else q
sys.stdout.buffer.write(np.ascontiguousarray(w, dtype='<f8').tobytes())
`;

const hasNumpy =
  spawnSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

describe('randomOrthogonal', () => {
  it.each([
    [1, 1],
    [3, 3],
    [5, 17],
    [64, 64],
    [300, 200],
    [120, 250],
  ])('has orthonormal rows or columns for %i x %i', (rows, cols) => {
    const w = new Float64Array(rows * cols);
    randomOrthogonal(rows, cols, 42, 'w', w);
    expect(orthogonalityError(w, rows, cols)).toBeLessThan(1e-12);
  });

  it('is bit-identical for a seed and key, different across keys', () => {
    const draw = (seed: number, key: string): Float32Array => {
      const w = new Float32Array(40 * 30);
      randomOrthogonal(40, 30, seed, key, w);
      return w;
    };
    expect(draw(7, 'a')).toEqual(draw(7, 'a'));
    expect(draw(7, 'a')).not.toEqual(draw(7, 'b'));
    expect(draw(7, 'a')).not.toEqual(draw(8, 'a'));
  });

  it.skipIf(!hasNumpy)(
    'matches numpy.linalg.qr on the same Gaussian matrix within 1e-10',
    () => {
      for (const [rows, cols] of [
        [50, 50],
        [70, 23],
        [23, 130],
      ] as const) {
        const g = gaussianMatrix(rows, cols, 3, `np-${rows}x${cols}`);
        const run = spawnSync(
          PYTHON,
          ['-c', NUMPY_SCRIPT, String(rows), String(cols)],
          { input: Buffer.from(g.buffer), maxBuffer: 1 << 26 },
        );
        expect(run.status, run.stderr.toString()).toBe(0);
        const bytes = new Uint8Array(run.stdout);
        const expected = new Float64Array(bytes.buffer, 0, rows * cols);
        const w = new Float64Array(rows * cols);

        randomOrthogonal(rows, cols, 3, `np-${rows}x${cols}`, w);

        let worst = 0;
        for (let i = 0; i < w.length; i++) {
          worst = Math.max(worst, Math.abs(w[i]! - expected[i]!));
        }
        // Both are Householder QR in f64: agreement is about 1e-15.
        expect(worst).toBeLessThan(1e-10);
      }
    },
  );
  if (!hasNumpy) {
    it.skip(`numpy comparison: ${PYTHON} cannot import numpy`, () => {});
  }

  // Haar 3 x 3: each entry has mean 0 and variance 1/3, and the law is
  // symmetric. Householder QR without the sign fix makes R's diagonal
  // carry -sign(a_jj), so Q_00 = -|a_00| / |a_0| is never positive.
  const SAMPLES = 2000;
  const tolerance = 4 * Math.sqrt(1 / 3 / SAMPLES);

  it('gives 3 x 3 matrices whose diagonal entries have mean 0', () => {
    const backend = new ReferenceBackend();
    const w = new Float64Array(9);
    const sums = [0, 0, 0];
    let positive = 0;
    for (let s = 0; s < SAMPLES; s++) {
      randomOrthogonal(3, 3, 11, `haar-${s}`, w, 1, backend);
      for (let d = 0; d < 3; d++) sums[d]! += w[4 * d]!;
      if (w[0]! > 0) positive++;
    }
    for (const sum of sums) {
      expect(Math.abs(sum / SAMPLES)).toBeLessThan(tolerance);
    }
    expect(Math.abs(positive / SAMPLES - 0.5)).toBeLessThan(
      4 * Math.sqrt(0.25 / SAMPLES),
    );
  });

  it('fails that check without the sign correction', () => {
    const backend = new ReferenceBackend();
    let sum = 0;
    for (let s = 0; s < SAMPLES; s++) {
      const g = gaussianMatrix(3, 3, 11, `haar-${s}`);
      const mark = backend.mark();
      const a = backend.alloc(9);
      const q = backend.alloc(9);
      for (let i = 0; i < 9; i++)
        backend.heap[a + (i % 3) * 3 + ((i / 3) | 0)] = g[i]!;
      formQ(backend, householderQr(backend, a, 3, 3), q);
      sum += backend.heap[q]!;
      backend.release(mark);
    }
    expect(sum / SAMPLES).toBeLessThan(-0.3);
  });
});

describe('randomOrthogonal on threads', () => {
  it('gives the same bits on 1 and 2 threads', () => {
    const [rows, cols] = [260, 300];
    const results = [1, 2].map((threads) => {
      const backend = new WasmBackend({ threads });
      const w = new Float64Array(rows * cols);
      randomOrthogonal(rows, cols, 1, 'threads', w, 1, backend);
      backend.dispose();
      return w;
    });
    expect(results[1]).toEqual(results[0]);
  });
});
