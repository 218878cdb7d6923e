import { describe, expect, it } from 'vitest';
import type { Distribution, Fans } from '../types.js';
import {
  KS_LEVEL,
  TRUNCATED_STD_2,
  conformance,
  sameDistribution,
} from './conformance.js';
import { lecunNormal } from './lecun-normal.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (f: Fans): Distribution => ({
  kind: 'normal',
  mean: 0,
  std: 1 / Math.sqrt(f.fanIn),
});

describe('lecun-normal on every layout, rank 2-5', () => {
  const results = conformance(
    lecunNormal.create({ distribution: 'normal' }),
    expected,
  );

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});

describe('lecun-normal truncated (default)', () => {
  it('divides std by 0.87962566: drawn std stays 1/sqrt(fan_in)', () => {
    const spec = { shape: [10, 64], layout: 'OI', key: 'w' } as const;
    const init = lecunNormal.create();
    expect(init.describe(spec)).toEqual({
      kind: 'truncated-normal',
      mean: 0,
      std: 1 / 8 / TRUNCATED_STD_2,
      lower: -2,
      upper: 2,
    });
    expect(init.targetStd(spec)).toBeCloseTo(1 / 8, 15);
  });

  it('passes KS on every layout', () => {
    const results = conformance(lecunNormal.create(), (f) => ({
      kind: 'truncated-normal',
      mean: 0,
      std: 1 / Math.sqrt(f.fanIn) / TRUNCATED_STD_2,
      lower: -2,
      upper: 2,
    }));
    for (const r of results) expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});
