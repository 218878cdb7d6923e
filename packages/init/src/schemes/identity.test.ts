import { describe, expect, it } from 'vitest';
import type { WeightSpec } from '../types.js';
import { identity } from './identity.js';

function fill(spec: WeightSpec, gain = 1): Float64Array {
  const out = new Float64Array(spec.shape.reduce((a, b) => a * b, 1));
  identity.create({ gain }).fill(spec, 0, out);
  return out;
}

describe('identity on matrices', () => {
  it('is the identity for square OI and IO matrices', () => {
    for (const layout of ['OI', 'IO'] as const) {
      expect([...fill({ shape: [3, 3], layout, key: 'w' })]).toEqual([
        1, 0, 0, 0, 1, 0, 0, 0, 1,
      ]);
    }
  });

  it('puts ones on the main diagonal of non-square matrices (eye_)', () => {
    expect([...fill({ shape: [2, 3], layout: 'OI', key: 'w' }, 0.5)]).toEqual([
      0.5, 0, 0, 0, 0.5, 0,
    ]);
  });
});

describe('identity (Dirac) on conv kernels', () => {
  it('OIHW [4, 4, 3, 3]: W[d, d, 1, 1] = 1, as dirac_', () => {
    const w = fill({ shape: [4, 4, 3, 3], layout: 'OIHW', key: 'c' });
    for (let o = 0; o < 4; o++) {
      for (let i = 0; i < 4; i++) {
        for (let k = 0; k < 9; k++) {
          const want = o === i && k === 4 ? 1 : 0;
          expect(w[((o * 4 + i) * 3 + Math.floor(k / 3)) * 3 + (k % 3)]).toBe(
            want,
          );
        }
      }
    }
  });

  it('OIHW with groups: groups map their own channels (dirac_)', () => {
    // [4, 3, 1, 2], group 2: 2 outputs x 3 inputs per group, centre (0, 1).
    const w = fill({ shape: [4, 3, 1, 2], layout: 'OIHW', group: 2, key: 'c' });
    const ones = [...w.keys()].filter((i) => w[i] === 1);
    // (o, i, 0, 1) for (0, 0), (1, 1), (2, 0), (3, 1):
    // index (o * 3 + i) * 2 + 1.
    expect(ones).toEqual([1, 9, 13, 21]);
  });

  it('HWIO [3, 3, 2, 2]: identity at the centre tap', () => {
    const w = fill({ shape: [3, 3, 2, 2], layout: 'HWIO', key: 'c' });
    const ones = [...w.keys()].filter((i) => w[i] === 1);
    // centre (1, 1) -> offset 4 * 4 = 16; (i, o) = (0, 0), (1, 1).
    expect(ones).toEqual([16, 19]);
  });

  it('IOHW [4, 2, 3] group 2: input d of a group to output d', () => {
    const w = fill({ shape: [4, 2, 3], layout: 'IOHW', group: 2, key: 't' });
    const ones = [...w.keys()].filter((i) => w[i] === 1);
    // (i, o, 1) for (0, 0), (1, 1), (2, 0), (3, 1): (i * 2 + o) * 3 + 1.
    expect(ones).toEqual([1, 10, 13, 22]);
  });

  it('HWCM [3, 3, 2, 2] (depthwise x2): channel c to output (c, 0)', () => {
    const w = fill({ shape: [3, 3, 2, 2], layout: 'HWCM', key: 'd' });
    const ones = [...w.keys()].filter((i) => w[i] === 1);
    expect(ones).toEqual([16, 18]);
  });

  it('has the exact std of its 0/gain elements, and refuses a bias', () => {
    const spec = { shape: [4, 4, 3, 3], layout: 'OIHW', key: 'c' } as const;
    const p = 4 / 144;
    expect(identity.create({ gain: 2 }).targetStd(spec)).toBeCloseTo(
      2 * Math.sqrt(p * (1 - p)),
      15,
    );
    expect(() => fill({ shape: [4], layout: 'bias', key: 'b' })).toThrow(
      'identity: spec.layout must be one of OI, IO, OIHW, IOHW, HWIO, ' +
        'HWCM; got bias',
    );
  });
});
