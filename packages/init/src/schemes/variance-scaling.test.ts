import { describe, expect, it } from 'vitest';
import type { Distribution, Fans } from '../types.js';
import {
  KS_LEVEL,
  TRUNCATED_STD_2,
  conformance,
  sameDistribution,
} from './conformance.js';
import { varianceScaling } from './variance-scaling.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (f: Fans): Distribution => ({
  kind: 'truncated-normal',
  mean: 0,
  std: Math.sqrt(4 / (f.fanIn + f.fanOut)) / TRUNCATED_STD_2,
  lower: -2,
  upper: 2,
});

describe('variance-scaling on every layout, rank 2-5', () => {
  const results = conformance(
    varianceScaling.create({ scale: 2, mode: 'fan_avg' }),
    expected,
  );

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});

describe('variance-scaling: every mode and distribution', () => {
  const modes = {
    fan_in: (f: Fans) => f.fanIn,
    fan_out: (f: Fans) => f.fanOut,
    fan_avg: (f: Fans) => (f.fanIn + f.fanOut) / 2,
  };
  for (const [mode, fan] of Object.entries(modes)) {
    for (const distribution of ['uniform', 'normal', 'truncated-normal']) {
      it(`${mode}, ${distribution}, scale 0.5`, () => {
        const init = varianceScaling.create({ scale: 0.5, mode, distribution });
        const std = (f: Fans) => Math.sqrt(0.5 / fan(f));
        const results = conformance(init, (f): Distribution => {
          const s = std(f);
          if (distribution === 'uniform') {
            return {
              kind: 'uniform',
              low: -Math.sqrt(3) * s,
              high: Math.sqrt(3) * s,
            };
          }
          if (distribution === 'normal')
            return { kind: 'normal', mean: 0, std: s };
          return {
            kind: 'truncated-normal',
            mean: 0,
            std: s / TRUNCATED_STD_2,
            lower: -2,
            upper: 2,
          };
        });
        for (const r of results) {
          expect(sameDistribution(r.described, r.expected)).toBe(true);
          expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
          expect(r.pValue).toBeGreaterThan(KS_LEVEL);
        }
      });
    }
  }

  it('refuses unknown modes and distributions, listing the allowed', () => {
    expect(() => varianceScaling.create({ mode: 'avg' })).toThrow(
      'variance-scaling: option mode must be one of fan_in, fan_out, ' +
        "fan_avg; got 'avg'",
    );
    expect(() => varianceScaling.create({ distribution: 'gamma' })).toThrow(
      'variance-scaling: option distribution must be one of normal, ' +
        "truncated-normal, uniform; got 'gamma'",
    );
    expect(() => varianceScaling.create({ scale: -1 })).toThrow(
      'variance-scaling: option scale must be >= 0; got -1',
    );
  });
});
