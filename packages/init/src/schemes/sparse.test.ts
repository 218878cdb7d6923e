import { describe, expect, it } from 'vitest';
import { ksTest, normalCdfOf } from '../testing/index.js';
import type { WeightSpec } from '../types.js';
import { KS_LEVEL } from './conformance.js';
import { sparse } from './sparse.js';

// Output unit of each element, by coordinates (independent of sparse.ts).
function unitOf(spec: WeightSpec, index: number): number {
  const dims = spec.shape;
  const coords: number[] = [];
  for (let a = dims.length - 1, r = index; a >= 0; a--) {
    coords[a] = r % dims[a]!;
    r = Math.floor(r / dims[a]!);
  }
  const n = dims.length;
  switch (spec.layout) {
    case 'OI':
    case 'OIHW':
      return coords[0]!;
    case 'IO':
    case 'HWIO':
      return coords[n - 1]!;
    case 'HWCM':
      return coords[n - 2]! * dims[n - 1]! + coords[n - 1]!;
    default: {
      const perGroup = dims[0]! / (spec.group ?? 1);
      return Math.floor(coords[0]! / perGroup) * dims[1]! + coords[1]!;
    }
  }
}

// 7 nonzeros for each of 128-160 units: 896-1120 samples, enough for the
// KS test to reject a std off by sqrt(3) (checked below, so the test has
// the power to catch a uniform-bound-style error).
const cases: [WeightSpec, number, number][] = [
  // spec, units, fan_in
  [{ shape: [160, 60], layout: 'OI', key: 'a' }, 160, 60],
  [{ shape: [60, 160], layout: 'IO', key: 'b' }, 160, 60],
  [{ shape: [128, 4, 3, 3], layout: 'OIHW', group: 2, key: 'c' }, 128, 36],
  [{ shape: [3, 3, 8, 128], layout: 'HWIO', key: 'd' }, 128, 72],
  [{ shape: [3, 3, 4, 128], layout: 'HWIO', group: 2, key: 'g' }, 128, 36],
  [{ shape: [8, 64, 3, 3], layout: 'IOHW', group: 2, key: 'e' }, 128, 36],
  [{ shape: [5, 5, 64, 2], layout: 'HWCM', key: 'f' }, 128, 25],
];

describe('sparse (Martens 2010)', () => {
  it.each(cases)(
    '%j: exactly k nonzero inputs per unit',
    (spec, units, fanIn) => {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const out = new Float64Array(size);
      sparse.create({ k: 7, std: 0.5 }).fill(spec, 11, out);
      const counts = new Array<number>(units).fill(0);
      const total = new Array<number>(units).fill(0);
      for (let i = 0; i < size; i++) {
        total[unitOf(spec, i)]! += 1;
        if (out[i] !== 0) counts[unitOf(spec, i)]! += 1;
      }
      expect(total).toEqual(new Array(units).fill(fanIn));
      expect(counts).toEqual(new Array(units).fill(7));
      const nonzero = out.filter((v) => v !== 0);
      expect(nonzero.length).toBeGreaterThanOrEqual(896);
      expect(ksTest(nonzero, normalCdfOf(0, 0.5)).pValue).toBeGreaterThan(
        KS_LEVEL,
      );
      // Power: the same samples reject a std off by sqrt(3) either way.
      for (const wrong of [0.5 * Math.sqrt(3), 0.5 / Math.sqrt(3)]) {
        expect(ksTest(nonzero, normalCdfOf(0, wrong)).pValue).toBeLessThan(
          KS_LEVEL,
        );
      }
      expect(sparse.create({ k: 7, std: 0.5 }).targetStd(spec)).toBeCloseTo(
        0.5 * Math.sqrt(7 / fanIn),
        15,
      );
    },
  );

  it('keeps every input when k >= fan_in, and none for k = 0', () => {
    const spec = { shape: [3, 4], layout: 'OI', key: 'w' } as const;
    const all = new Float64Array(12);
    sparse.create({ k: 15 }).fill(spec, 1, all);
    expect(all.every((v) => v !== 0)).toBe(true);
    const none = new Float64Array(12);
    sparse.create({ k: 0 }).fill(spec, 1, none);
    expect(none.every((v) => v === 0)).toBe(true);
  });

  it('refuses partial fills (not elementwise) and a fractional k', () => {
    const spec = { shape: [3, 4], layout: 'OI', key: 'w' } as const;
    expect(() => sparse.create().fill(spec, 1, new Float64Array(6), 6)).toThrow(
      /sparse: fill must cover the whole weight/,
    );
    expect(() => sparse.create({ k: 1.5 })).toThrow(
      'sparse: option k must be an integer; got 1.5',
    );
  });

  it('refuses a bias, saying so, with or without spec.fans', () => {
    const init = sparse.create();
    const fans = { fanIn: 10, fanOut: 3, receptiveField: 1 };
    const message =
      'sparse: spec.layout must be one of OI, IO, OIHW, IOHW, HWIO, HWCM ' +
      '(sparse refuses biases: a bias has no incoming weights); got bias';
    for (const spec of [
      { shape: [3], layout: 'bias', key: 'b', fans },
      { shape: [3], layout: 'bias', key: 'b' },
    ] as const) {
      expect(() => init.describe(spec)).toThrow(message);
      expect(() => init.targetStd(spec)).toThrow(message);
      expect(() => init.fill(spec, 0, new Float32Array(3))).toThrow(message);
    }
  });
});
