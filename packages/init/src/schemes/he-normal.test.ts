import { describe, expect, it } from 'vitest';
import type { Distribution, Fans } from '../types.js';
import { KS_LEVEL, conformance, sameDistribution } from './conformance.js';
import { heNormal } from './he-normal.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (f: Fans): Distribution => ({
  kind: 'normal',
  mean: 0,
  std: Math.sqrt(2 / f.fanOut),
});

describe('he-normal on every layout, rank 2-5', () => {
  const results = conformance(heNormal.create({ mode: 'fan_out' }), expected);

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});

describe('he-normal closed forms', () => {
  it('fan_out of a grouped OIHW weight is O / group * rf', () => {
    // [64, 8, 3, 3], group 4: fan_out = 64 / 4 * 9 = 144.
    const spec = { shape: [64, 8, 3, 3], layout: 'OIHW', group: 4, key: 'c' };
    const std = heNormal.create({ mode: 'fan_out' }).targetStd(spec as never);
    expect(std).toBeCloseTo(Math.sqrt(2 / 144), 15);
  });

  it('honours an explicit negative slope 0 (not a default)', () => {
    const spec = { shape: [10, 50], layout: 'OI', key: 'fc' } as const;
    expect(heNormal.create({ negativeSlope: 0 }).targetStd(spec)).toBe(
      Math.sqrt(2 / 50),
    );
    expect(heNormal.create({ negativeSlope: 1 }).targetStd(spec)).toBeCloseTo(
      Math.sqrt(1 / 50),
      15,
    );
  });

  it('refuses a mode outside fan_in, fan_out, naming it', () => {
    expect(() => heNormal.create({ mode: 'fan_avg' })).toThrow(
      "he-normal: option mode must be one of fan_in, fan_out; got 'fan_avg'",
    );
  });

  it('refuses a fan of 0 it would divide by', () => {
    const fans = { fanIn: 0, fanOut: 3, receptiveField: 1 };
    expect(() =>
      heNormal
        .create()
        .describe({ shape: [3], layout: 'bias', key: 'b', fans }),
    ).toThrow(/he-normal: fan_in must be > 0 .* got 0/);
  });
});
