import { describe, expect, it } from 'vitest';
import type { Distribution, Fans } from '../types.js';
import { KS_LEVEL, conformance, sameDistribution } from './conformance.js';
import { torchLegacy } from './torch-legacy.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (f: Fans): Distribution => ({
  kind: 'uniform',
  low: -1 / Math.sqrt(f.fanIn),
  high: 1 / Math.sqrt(f.fanIn),
});

describe('torch-legacy on every layout, rank 2-5', () => {
  const results = conformance(torchLegacy.create(), expected);

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});

describe('torch-legacy closed forms', () => {
  it('a [k, 100] OI weight has bound 1 / sqrt(100) = 0.1', () => {
    const dist = torchLegacy
      .create()
      .describe({ shape: [7, 100], layout: 'OI', key: 'fc' });
    expect(dist.kind).toBe('uniform');
    if (dist.kind !== 'uniform') return;
    expect(dist.high).toBeCloseTo(0.1, 15);
    expect(dist.low).toBeCloseTo(-0.1, 15);
  });

  it("std is 1 / sqrt(3 fan_in): LeCun's std without the sqrt(3)", () => {
    const spec = { shape: [7, 100], layout: 'OI', key: 'fc' } as const;
    expect(torchLegacy.create().targetStd(spec)).toBeCloseTo(
      0.1 / Math.sqrt(3),
      15,
    );
  });

  it('a bias takes the fans of its layer, and names them when missing', () => {
    const init = torchLegacy.create();
    const fans = { fanIn: 400, fanOut: 10, receptiveField: 1 };
    const dist = init.describe({ shape: [10], layout: 'bias', key: 'b', fans });
    expect(dist).toEqual({ kind: 'uniform', low: -0.05, high: 0.05 });
    expect(() =>
      init.fill(
        { shape: [10], layout: 'bias', key: 'b' },
        0,
        new Float32Array(10),
      ),
    ).toThrow(/torch-legacy: spec.fans must be given for a bias/);
  });
});

describe('the KS test has power', () => {
  it("rejects LeCun's bound sqrt(3 / fan_in) for torch-legacy samples", () => {
    const lecun = (f: Fans): Distribution => ({
      kind: 'uniform',
      low: -Math.sqrt(3 / f.fanIn),
      high: Math.sqrt(3 / f.fanIn),
    });
    for (const r of conformance(torchLegacy.create(), lecun)) {
      expect(r.pValue).toBeLessThan(KS_LEVEL);
    }
  });
});
