import { describe, expect, it } from 'vitest';
import { ksTest, truncatedNormalCdf } from '../testing/index.js';
import { normalQuantile, normalCdf } from './normal-cdf.js';
import { RandomStream } from './stream.js';
import { fillTruncatedNormal, truncatedNormalStd } from './truncated-normal.js';

describe('truncatedNormalStd', () => {
  // Closed forms where they exist, else the closed form in mpmath at 60
  // digits (scipy.stats.truncnorm.std is off by 4e-12 relative on [6, 8]).
  it.each([
    [-2, 2, 0.8796256610342398],
    [0, Infinity, Math.sqrt(1 - 2 / Math.PI)],
    [-Infinity, 0, Math.sqrt(1 - 2 / Math.PI)],
    [-Infinity, Infinity, 1],
    [-1, 3, 0.784946963404426],
    [2.5, 4, 0.2811582190055343],
    [-Infinity, -3, 0.26562979272903126],
    [-0.5, 0.5, 0.2838822900443275],
    [6, 8, 0.1548716029749152],
  ])('[%d, %d] -> %d', (lower, upper, std) => {
    expect(truncatedNormalStd(lower, upper)).toBeCloseTo(std, 13);
  });

  it('keeps its accuracy on narrow and far-tail intervals', () => {
    const narrow = truncatedNormalStd(-1e-4, 1e-4);
    expect(Math.abs(narrow / 0.00005773502688047256 - 1)).toBeLessThan(1e-13);
    const tail = truncatedNormalStd(-Infinity, -30);
    expect(Math.abs(tail / 0.033223056931746826 - 1)).toBeLessThan(1e-13);
  });

  it('rejects empty or unordered bounds', () => {
    expect(() => truncatedNormalStd(2, -2)).toThrow(
      'truncatedNormalStd: lower must be < upper (in std units, ' +
        '+-Infinity allowed); got [2, -2]',
    );
    expect(() => truncatedNormalStd(NaN, 1)).toThrow(RangeError);
  });
});

describe('fillTruncatedNormal', () => {
  const cases = [
    [0, 1, -2, 2],
    [0.5, 0.02, -2, 2],
    [0, 1, -1, 3],
    [0, 1, 0, Infinity],
    [0, 1, 2.5, 4],
    [1, 2, -Infinity, -3],
    [0, 1, -0.1, 0.1],
  ] as const;

  it.each(cases)(
    'N(%d, %d^2) on [%d, %d] passes Kolmogorov-Smirnov (seed 0, p >= 1e-3)',
    (mean, std, lower, upper) => {
      const out = new Float64Array(100_000);
      const key = `ks.trunc.${lower}.${upper}`;
      fillTruncatedNormal(
        new RandomStream(0, key),
        out,
        mean,
        std,
        lower,
        upper,
      );
      const cdf = truncatedNormalCdf(mean, std, lower, upper);
      expect(ksTest(out, cdf).pValue).toBeGreaterThanOrEqual(1e-3);
      let outside = 0;
      for (const x of out) {
        if (x < mean + lower * std || x > mean + upper * std) outside++;
      }
      expect(outside).toBe(0);
    },
  );

  it('has std * truncatedNormalStd on 1e6 samples of [-2, 2]', () => {
    const out = new Float32Array(1_000_000);
    fillTruncatedNormal(new RandomStream(1, 'moments'), out, 0, 1, -2, 2);
    let sum = 0;
    let squares = 0;
    for (const x of out) {
      sum += x;
      squares += x * x;
    }
    const mean = sum / out.length;
    const std = Math.sqrt(squares / out.length - mean * mean);
    // Five standard errors: sd(mean) = 0.00088, sd(std) = 4e-4.
    expect(Math.abs(mean)).toBeLessThan(5 * 0.00088);
    expect(Math.abs(std - 0.8796256610342398)).toBeLessThan(5 * 4e-4);
  });

  it('is the inverse CDF of the 24-bit uniform of word i', () => {
    const stream = new RandomStream(4, 'inverse');
    const words = new Uint32Array(100);
    stream.words(words, 50);
    const out = new Float64Array(100);
    fillTruncatedNormal(stream, out, 0, 1, -2, 2, 50);
    const pa = normalCdf(-2);
    const width = normalCdf(2) - pa;
    for (let i = 0; i < 100; i++) {
      const u = ((words[i]! >>> 8) + 0.5) * 2 ** -24;
      expect(out[i]).toBe(normalQuantile(pa + u * width));
    }
  });

  it('fills a range in chunks bit for bit as whole', () => {
    const stream = new RandomStream(5, 'chunks.trunc');
    const whole = new Float64Array(20_001);
    fillTruncatedNormal(stream, whole, 0, 1, -1, 3, 3);
    const pieces = new Float64Array(20_001);
    let at = 0;
    for (const n of [1, 2, 8190, 8193, 3615]) {
      fillTruncatedNormal(
        stream,
        pieces.subarray(at, at + n),
        0,
        1,
        -1,
        3,
        3 + at,
      );
      at += n;
    }
    expect(Array.from(pieces)).toEqual(Array.from(whole));
  });

  it('rejects bounds holding no probability and bad arguments', () => {
    const stream = new RandomStream(0, 'k');
    const out = new Float32Array(4);
    expect(() => fillTruncatedNormal(stream, out, 0, 1, 40, 41)).toThrow(
      'fillTruncatedNormal: [lower, upper] must hold probability > 0 ' +
        'in f64; got [40, 41]',
    );
    expect(() => fillTruncatedNormal(stream, out, 0, 1, 1, 1)).toThrow(
      /lower must be < upper/,
    );
    expect(() => fillTruncatedNormal(stream, out, 0, Infinity, -2, 2)).toThrow(
      'fillTruncatedNormal: std must be finite; got Infinity',
    );
  });
});
