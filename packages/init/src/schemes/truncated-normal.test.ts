import { describe, expect, it } from 'vitest';
import type { Distribution } from '../types.js';

import { KS_LEVEL, conformance, sameDistribution } from './conformance.js';
import { truncatedNormal } from './truncated-normal.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (): Distribution => ({
  kind: 'truncated-normal',
  mean: 0.1,
  std: 0.02,
  lower: -1,
  upper: 3,
});

describe('truncated-normal on every layout, rank 2-5', () => {
  const results = conformance(
    truncatedNormal.create({ mean: 0.1, std: 0.02, lower: -1, upper: 3 }),
    expected,
  );

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});

describe('truncated-normal closed forms', () => {
  it('std is that of the normal before truncation: x 0.87962566 drawn', () => {
    const spec = { shape: [10, 10], layout: 'OI', key: 'w' } as const;
    expect(truncatedNormal.create({ std: 1 }).targetStd(spec)).toBeCloseTo(
      0.87962566103423978,
      14,
    );
  });

  it('keeps every element inside mean + [lower, upper] std', () => {
    const out = new Float64Array(4096);
    truncatedNormal
      .create({ std: 2 })
      .fill({ shape: [64, 64], layout: 'OI', key: 'w' }, 5, out);
    expect(Math.max(...out)).toBeLessThanOrEqual(4);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(-4);
  });

  it('refuses upper <= lower', () => {
    expect(() => truncatedNormal.create({ lower: 1, upper: 1 })).toThrow(
      'truncated-normal: option upper must be > lower (1); got 1',
    );
  });
});
