import { describe, expect, it } from 'vitest';
import type { Distribution, Fans } from '../types.js';
import { KS_LEVEL, conformance, sameDistribution } from './conformance.js';
import { glorotNormal } from './glorot-normal.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (f: Fans): Distribution => ({
  kind: 'normal',
  mean: 0,
  std: (5 / 3) * Math.sqrt(2 / (f.fanIn + f.fanOut)),
});

describe('glorot-normal on every layout, rank 2-5', () => {
  const results = conformance(glorotNormal.create({ gain: 5 / 3 }), expected);

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});
