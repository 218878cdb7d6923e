import { describe, expect, it } from 'vitest';
import type { Distribution } from '../types.js';
import { sameDistribution } from './conformance.js';

describe('sameDistribution', () => {
  const normal: Distribution = { kind: 'normal', mean: 0, std: 0.1 };
  // A distribution with a key the other lacks (as from a buggy describe).
  const extra = { ...normal, lower: -2 } as unknown as Distribution;

  it('compares the keys of both sides', () => {
    expect(sameDistribution(normal, extra)).toBe(false);
    expect(sameDistribution(extra, normal)).toBe(false);
  });

  it('is true for equal values to the tolerance, either way', () => {
    const near: Distribution = { kind: 'normal', mean: 0, std: 0.1 + 1e-15 };
    expect(sameDistribution(normal, near)).toBe(true);
    expect(sameDistribution(near, normal)).toBe(true);
    const far: Distribution = { kind: 'normal', mean: 0, std: 0.11 };
    expect(sameDistribution(far, normal)).toBe(false);
  });
});
