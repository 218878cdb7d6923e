import { describe, expect, it } from 'vitest';
import type { Distribution, Fans } from '../types.js';
import { KS_LEVEL, conformance, sameDistribution } from './conformance.js';
import { lecunUniform } from './lecun-uniform.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (f: Fans): Distribution => ({
  kind: 'uniform',
  low: -Math.sqrt(3 / f.fanIn),
  high: Math.sqrt(3 / f.fanIn),
});

describe('lecun-uniform on every layout, rank 2-5', () => {
  const results = conformance(lecunUniform.create(), expected);

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});
