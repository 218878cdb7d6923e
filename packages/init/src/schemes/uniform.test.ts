import { describe, expect, it } from 'vitest';
import { ksTest, uniformCdf } from '../testing/index.js';
import type { Distribution } from '../types.js';

import {
  KS_LEVEL,
  conformance,
  fillInChunks,
  sameDistribution,
} from './conformance.js';
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

describe('uniform into Float32Array', () => {
  // Offset intervals, |low| >> width: the f32 formula alone overshoots
  // high by an ulp. 200,003 elements span four 65,536-element chunks of
  // the kernel's scratch buffer.
  const SIZE = 200_003;
  const intervals: [number, number][] = [
    [0.3, 0.30001],
    [-1000.5, -1000.49],
    [1e4, 1e4 + 1e-3],
    [-0.05, 0.15],
  ];
  const spec = { shape: [SIZE, 1], layout: 'OI', key: 'offset' } as const;

  it.each(intervals)('U(%d, %d) stays in [low, high]', (low, high) => {
    const init = uniform.create({ low, high });
    const w = new Float32Array(SIZE);
    init.fill(spec, 7, w);
    let outside = 0;
    for (const v of w) {
      if (v < Math.fround(low) || v > Math.fround(high)) outside++;
    }
    expect(outside).toBe(0);
    const wide = new Float64Array(SIZE);
    init.fill(spec, 7, wide);
    expect(wide.every((v) => v >= low && v <= high)).toBe(true);
  });

  it.each(intervals)('U(%d, %d) fills in chunks as whole', (low, high) => {
    const init = uniform.create({ low, high });
    const whole = new Float32Array(SIZE);
    init.fill(spec, 7, whole);
    const pieces = new Float32Array(SIZE);
    const at = fillInChunks(init, spec, 7, pieces);
    expect(at).toBe(SIZE);
    expect(Buffer.from(pieces.buffer).equals(Buffer.from(whole.buffer))).toBe(
      true,
    );
  });

  it('follows U(low, high) above one scratch buffer (KS, seed 7)', () => {
    const w = new Float32Array(SIZE);
    uniform.create({ low: -0.05, high: 0.15 }).fill(spec, 7, w);
    expect(ksTest(w, uniformCdf(-0.05, 0.15)).pValue).toBeGreaterThan(KS_LEVEL);
  });

  it('refuses an interval whose width is not finite', () => {
    expect(() => uniform.create({ low: -1e308, high: 1e308 })).toThrow(
      'uniform: option high - low must be finite; ' +
        'got 1e+308 - -1e+308 = Infinity',
    );
    // Finite in f64 but not in f32.
    const w = new Float32Array(4);
    expect(() =>
      uniform.create({ low: -3e38, high: 3e38 }).fill(spec, 7, w),
    ).toThrow(/fillUniform: low, high and high - low must be finite in f/);
  });

  it('names the bound high is checked against', () => {
    expect(() => uniform.create({ low: 1, high: 0 })).toThrow(
      'uniform: option high must be >= low (1); got 0',
    );
  });
});
