import { describe, expect, it } from 'vitest';
import type { Distribution } from '../types.js';

import { KS_LEVEL, conformance, sameDistribution } from './conformance.js';
import { constant } from './constant.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (): Distribution => ({ kind: 'constant', value: -0.25 });

describe('constant on every layout, rank 2-5', () => {
  const results = conformance(constant.create({ value: -0.25 }), expected);

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});

describe('constant defaults', () => {
  it('honours value 0 and defaults to 0', () => {
    const spec = { shape: [2, 2], layout: 'OI', key: 'w' } as const;
    for (const init of [constant.create({ value: 0 }), constant.create()]) {
      const out = new Float32Array(4).fill(9);
      init.fill(spec, 0, out);
      expect([...out]).toEqual([0, 0, 0, 0]);
    }
  });
});
