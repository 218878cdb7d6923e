import { describe, expect, it } from 'vitest';
import type { Distribution } from '../types.js';

import { KS_LEVEL, conformance, sameDistribution } from './conformance.js';
import { uniform } from './uniform.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (): Distribution => ({
  kind: 'uniform',
  low: -0.05,
  high: 0.15,
});

describe('uniform on every layout, rank 2-5', () => {
  const results = conformance(
    uniform.create({ low: -0.05, high: 0.15 }),
    expected,
  );

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});
