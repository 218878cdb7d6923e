import { describe, expect, it } from 'vitest';
import type { Distribution, Fans } from '../types.js';
import { KS_LEVEL, conformance, sameDistribution } from './conformance.js';
import { glorotUniform } from './glorot-uniform.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (f: Fans): Distribution => ({
  kind: 'uniform',
  low: -Math.sqrt(6 / (f.fanIn + f.fanOut)),
  high: Math.sqrt(6 / (f.fanIn + f.fanOut)),
});

describe('glorot-uniform on every layout, rank 2-5', () => {
  const results = conformance(glorotUniform.create(), expected);

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});

describe('glorot-uniform closed forms', () => {
  it('a 3x3x16x32 HWIO kernel has limit sqrt(6 / 432) = 0.11785', () => {
    const dist = glorotUniform
      .create()
      .describe({ shape: [3, 3, 16, 32], layout: 'HWIO', key: 'conv' });
    expect(dist.kind === 'uniform' && dist.high).toBeCloseTo(0.11785113, 8);
    expect(dist.kind === 'uniform' && dist.high).toBeCloseTo(
      Math.sqrt(6 / 432),
      15,
    );
  });

  it('honours gain 0: every element 0', () => {
    const out = new Float64Array(6).fill(7);
    glorotUniform
      .create({ gain: 0 })
      .fill({ shape: [2, 3], layout: 'OI', key: 'w' }, 1, out);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
