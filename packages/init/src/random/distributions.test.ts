import { describe, expect, it } from 'vitest';
import { ksTest, normalCdfOf, uniformCdf } from '../testing/index.js';
import type { FloatArray } from '../types.js';
import { fillNormal, fillUniform } from './distributions.js';
import { referenceNormal, referenceUniform } from './reference.js';
import { RandomStream } from './stream.js';

type Fill = (stream: RandomStream, out: FloatArray, start?: number) => void;

const fills: Record<string, Fill> = {
  uniform: (s, out, start) => fillUniform(s, out, -0.3, 0.7, start),
  normal: (s, out, start) => fillNormal(s, out, 0.1, 2, start),
};

/** Bit patterns, so that -0 vs 0 and NaN would show. */
function bits(a: FloatArray): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
}

function extremes(a: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < a.length; i++) {
    min = Math.min(min, a[i]!);
    max = Math.max(max, a[i]!);
  }
  return { min, max };
}

function moments(a: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]!;
  const mean = sum / a.length;
  let squares = 0;
  for (let i = 0; i < a.length; i++) squares += (a[i]! - mean) ** 2;
  return { mean, variance: squares / (a.length - 1) };
}

describe.each(Object.keys(fills))('fill %s', (name) => {
  const fill = fills[name]!;

  it.each([Float32Array, Float64Array])(
    'fills a range in chunks bit for bit as whole (%o)',
    (Type) => {
      const stream = new RandomStream(5, `chunks.${name}`);
      const whole = new Type(3001);
      fill(stream, whole, 7);
      const pieces = new Type(3001);
      let at = 0;
      for (const n of [1, 2, 3, 29, 33, 64, 1000, 1869]) {
        fill(stream, pieces.subarray(at, at + n), 7 + at);
        at += n;
      }
      expect(at).toBe(3001);
      expect(bits(pieces)).toBe(bits(whole));
    },
  );

  it('is the same for the same (seed, key) and differs otherwise', () => {
    const get = (seed: number, key: string) => {
      const out = new Float32Array(64);
      fill(new RandomStream(seed, key), out);
      return bits(out);
    };
    expect(get(1, 'w')).toBe(get(1, 'w'));
    expect(get(1, 'w')).not.toBe(get(2, 'w'));
    expect(get(1, 'w')).not.toBe(get(1, 'v'));
  });
});

describe('fillUniform', () => {
  it('is the f64 reference bit for bit into Float64Array', () => {
    const stream = new RandomStream(3, 'u64');
    const fast = new Float64Array(10_001);
    const slow = new Float64Array(10_001);
    fillUniform(stream, fast, -2, 5, 13);
    referenceUniform(stream, slow, -2, 5, 13);
    expect(bits(fast)).toBe(bits(slow));
  });

  it('stays below 1 in f32 for the largest 24-bit value', () => {
    // u = 1 - 2^-25 would round to 1 in f32; search the stream for it.
    const stream = new RandomStream(0, 'top');
    const chunk = 1 << 20;
    const words = new Uint32Array(chunk);
    const out = new Float32Array(chunk);
    let found = 0;
    for (let start = 0; start < 1 << 26 && found === 0; start += chunk) {
      stream.words(words, start);
      fillUniform(stream, out, 0, 1, start);
      for (let i = 0; i < chunk; i++) {
        if (words[i]! >>> 8 === 0xffffff) {
          expect(out[i]).toBe(1 - 2 ** -24);
          found++;
        }
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it('is within 2^-22 (|low| + width) of the reference in f32', () => {
    for (const [low, high] of [
      [0, 1],
      [-0.05, 0.05],
      [-3, 1e-3],
      [100, 101],
    ] as const) {
      const stream = new RandomStream(3, 'u32');
      const fast = new Float32Array(50_000);
      const slow = new Float64Array(50_000);
      fillUniform(stream, fast, low, high, 1);
      referenceUniform(stream, slow, low, high, 1);
      const bound = 2 ** -22 * (Math.abs(low) + (high - low));
      let worst = 0;
      for (let i = 0; i < fast.length; i++) {
        worst = Math.max(worst, Math.abs(fast[i]! - slow[i]!));
      }
      expect(worst).toBeLessThanOrEqual(bound);
    }
  });

  it('passes KS against U(low, high) (seed 0, p >= 1e-3)', () => {
    for (const [low, high] of [
      [0, 1],
      [-0.0625, 0.0625],
      [-3, 7],
    ] as const) {
      const out = new Float32Array(100_000);
      fillUniform(new RandomStream(0, `ks.uniform.${low}`), out, low, high);
      const { pValue } = ksTest(out, uniformCdf(low, high));
      expect(pValue).toBeGreaterThanOrEqual(1e-3);
      const { min, max } = extremes(out);
      expect(min).toBeGreaterThanOrEqual(low);
      expect(max).toBeLessThanOrEqual(high);
    }
  });

  it('is unbiased: 1e6 samples of U(0, 1) have the moments of U(0, 1)', () => {
    const out = new Float32Array(1_000_000);
    fillUniform(new RandomStream(1, 'moments'), out, 0, 1);
    const { mean, variance } = moments(out);
    // Five standard errors: sd(mean) = 2.9e-4, sd(variance) = 7.5e-5.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * 2.9e-4);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * 7.5e-5);
  });

  it('keeps f32 values in [fround(low), fround(high)], offset low', () => {
    // Unclamped, 128 of these 2^20 values were one ulp above fround(high).
    const out = new Float32Array(1 << 20);
    fillUniform(new RandomStream(1, 'fc'), out, 0.3, 0.30001);
    const { min, max } = extremes(out);
    expect(max).toBeLessThanOrEqual(Math.fround(0.30001));
    expect(min).toBeGreaterThanOrEqual(Math.fround(0.3));
  });

  it('rejects an interval whose width overflows', () => {
    const stream = new RandomStream(0, 'k');
    expect(() =>
      fillUniform(stream, new Float64Array(2), -1e308, 1e308),
    ).toThrow(
      'fillUniform: high - low must be finite; got 1e+308 - -1e+308 = Infinity',
    );
    expect(() => fillUniform(stream, new Float32Array(2), -3e38, 3e38)).toThrow(
      'fillUniform: low, high and high - low must be finite in float32 ' +
        'for a Float32Array; got low -3e+38, high 3e+38',
    );
  });

  it('rejects bad arguments', () => {
    const stream = new RandomStream(0, 'k');
    expect(() => fillUniform(stream, new Float32Array(1), 0, NaN)).toThrow(
      'fillUniform: high must be finite; got NaN',
    );
    expect(() => fillUniform(stream, new Float32Array(1), 0, 1, -2)).toThrow(
      'fillUniform: start must be an integer in [0, 2^53); got -2',
    );
  });
});

describe('fillNormal', () => {
  it('is within 1e-6 of the f64 Box-Muller on the same words', () => {
    const stream = new RandomStream(11, 'bm');
    const fast = new Float32Array(200_000);
    const slow = new Float64Array(200_000);
    fillNormal(stream, fast, 0, 1, 3);
    referenceNormal(stream, slow, 0, 1, 3);
    let worst = 0;
    for (let i = 0; i < fast.length; i++) {
      worst = Math.max(worst, Math.abs(fast[i]! - slow[i]!));
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('gives Float64Array the float32 values', () => {
    const stream = new RandomStream(11, 'bm');
    const narrow = new Float32Array(999);
    const wide = new Float64Array(999);
    fillNormal(stream, narrow, 0.5, 3, 1);
    fillNormal(stream, wide, 0.5, 3, 1);
    expect(Array.from(wide)).toEqual(Array.from(narrow));
  });

  it('passes KS against N(mean, std^2) (seed 0, p >= 1e-3)', () => {
    for (const [mean, std] of [
      [0, 1],
      [0, 0.02],
      [-1.5, 3],
    ] as const) {
      const out = new Float32Array(100_000);
      fillNormal(new RandomStream(0, `ks.normal.${std}`), out, mean, std, 1);
      const { pValue } = ksTest(out, normalCdfOf(mean, std));
      expect(pValue).toBeGreaterThanOrEqual(1e-3);
    }
  });

  it('passes Kolmogorov-Smirnov on even and odd elements apart', () => {
    // A wrong sin/cos quadrant would skew one of the two halves.
    const out = new Float32Array(200_000);
    fillNormal(new RandomStream(0, 'ks.parity'), out, 0, 1);
    for (const parity of [0, 1]) {
      const half = out.filter((_, i) => i % 2 === parity);
      expect(ksTest(half, normalCdfOf(0, 1)).pValue).toBeGreaterThanOrEqual(
        1e-3,
      );
    }
  });

  it('is unbiased: 1e6 samples, mean 0, var 1, no lag-1 correlation', () => {
    const out = new Float32Array(1_000_000);
    fillNormal(new RandomStream(1, 'moments'), out, 0, 1);
    const { mean, variance } = moments(out);
    let lag = 0;
    for (let i = 1; i < out.length; i++) lag += out[i]! * out[i - 1]!;
    lag /= out.length - 1;
    // Five standard errors: sd(mean) = 1e-3, sd(variance) = 1.4e-3,
    // sd(lag-1 product mean) = 1e-3.
    expect(Math.abs(mean)).toBeLessThan(5e-3);
    expect(Math.abs(variance - 1)).toBeLessThan(5 * 1.4e-3);
    expect(Math.abs(lag)).toBeLessThan(5e-3);
  });

  it('reaches the 24-bit tail limit but not beyond', () => {
    const out = new Float32Array(1_000_000);
    fillNormal(new RandomStream(2, 'tails'), out, 0, 1);
    const { min, max } = extremes(out);
    const limit = Math.sqrt(2 * Math.log(2 ** 25)) + 1e-6;
    expect(Math.min(-min, max)).toBeGreaterThan(4);
    expect(Math.max(-min, max)).toBeLessThanOrEqual(limit);
  });
});
