import { describe, expect, it } from 'vitest';
import type { Distribution, Fans } from '../types.js';
import { KS_LEVEL, conformance, sameDistribution } from './conformance.js';
import { heUniform } from './he-uniform.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (f: Fans): Distribution => ({
  kind: 'uniform',
  low: -Math.sqrt(6 / (1.04 * f.fanIn)),
  high: Math.sqrt(6 / (1.04 * f.fanIn)),
});

describe('he-uniform on every layout, rank 2-5', () => {
  const results = conformance(
    heUniform.create({ negativeSlope: 0.2 }),
    expected,
  );

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});
