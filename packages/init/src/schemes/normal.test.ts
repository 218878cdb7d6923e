import { describe, expect, it } from 'vitest';
import { ksTest, normalCdfOf } from '../testing/index.js';
import type { Distribution } from '../types.js';

import {
  KS_LEVEL,
  conformance,
  fillInChunks,
  sameDistribution,
} from './conformance.js';
import { normal } from './normal.js';

// Expected: the paper's formula on hand-computed fans (conformance.ts).
const expected = (): Distribution => ({ kind: 'normal', mean: 0.5, std: 0.01 });

describe('normal on every layout, rank 2-5', () => {
  const results = conformance(
    normal.create({ mean: 0.5, std: 0.01 }),
    expected,
  );

  it.each(results)('$name', (r) => {
    expect(sameDistribution(r.described, r.expected)).toBe(true);
    expect(r.targetStd).toBeCloseTo(r.expectedStd, 12);
    if (Number.isNaN(r.pValue)) expect(r.mismatches).toBe(0);
    else expect(r.pValue).toBeGreaterThan(KS_LEVEL);
  });
});

describe('normal closed forms', () => {
  it("AlexNet's std 0.01 is the target std", () => {
    const spec = { shape: [96, 3, 11, 11], layout: 'OIHW', key: 'c1' } as const;
    expect(normal.create({ std: 0.01 }).targetStd(spec)).toBe(0.01);
  });

  it('honours std 0: every element is the mean', () => {
    const out = new Float32Array(5);
    normal
      .create({ mean: 0.5, std: 0 })
      .fill({ shape: [5, 1], layout: 'OI', key: 'w' }, 3, out);
    expect([...out]).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('refuses a negative std and a non-number std, naming them', () => {
    expect(() => normal.create({ std: -1 })).toThrow(
      'normal: option std must be >= 0; got -1',
    );
    expect(() => normal.create({ std: '1' })).toThrow(
      "normal: option std must be a number; got '1' (string)",
    );
    expect(() => normal.create({ sd: 1 })).toThrow(
      "normal: option name must be one of mean, std; got 'sd'",
    );
  });
});

describe('normal into Float32Array above one scratch buffer', () => {
  // 200,003 elements span four 65,536-element chunks of the kernel's
  // scratch buffer; the mean is offset far from 0.
  const SIZE = 200_003;
  const spec = { shape: [1, SIZE], layout: 'OI', key: 'big' } as const;
  const init = normal.create({ mean: 100, std: 0.5 });

  it('fills in chunks bit for bit as whole, and follows N(100, 0.25)', () => {
    const whole = new Float32Array(SIZE);
    init.fill(spec, 3, whole);
    const pieces = new Float32Array(SIZE);
    const at = fillInChunks(init, spec, 3, pieces);
    expect(at).toBe(SIZE);
    expect(Buffer.from(pieces.buffer).equals(Buffer.from(whole.buffer))).toBe(
      true,
    );
    // 24-bit uniforms stop the tails at 5.9 std.
    expect(whole.every((v) => Math.abs(v - 100) <= 0.5 * 6)).toBe(true);
    expect(ksTest(whole, normalCdfOf(100, 0.5)).pValue).toBeGreaterThan(
      KS_LEVEL,
    );
  });
});
