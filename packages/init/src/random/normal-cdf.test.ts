import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalQuantile } from './normal-cdf.js';

describe('erfc', () => {
  // scipy.special.erfc (Cephes), float64.
  it.each([
    [-3, 1.9999779095030015],
    [-1, 1.8427007929497148],
    [0, 1],
    [0.3, 0.6713732405408726],
    [0.999, 0.1577147297935031],
    [1, 0.15729920705028516],
    [1.7, 0.01620954140922544],
    [2, 0.004677734981047266],
    [3.5, 7.430983723414129e-7],
    [5, 1.5374597944280347e-12],
    [8, 1.1224297172982928e-29],
    [12, 1.3562611692059047e-64],
    [26, 5.663192408856145e-296],
  ])('erfc(%d) = %d to 1e-14 relative', (x, value) => {
    expect(Math.abs(erfc(x) / value - 1)).toBeLessThan(1e-14);
  });

  it('is 1 - erf and odd-symmetric', () => {
    for (const x of [-2.5, -0.7, 0.01, 0.9, 1.1, 3]) {
      expect(erf(x) + erfc(x)).toBeCloseTo(1, 15);
      expect(erf(-x)).toBe(-erf(x));
    }
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
  });
});

describe('normalQuantile', () => {
  // scipy.special.ndtri.
  it.each([
    [1e-300, -37.0470962993612],
    [1e-20, -9.262340089798409],
    [1e-8, -5.612001244174789],
    [0.02, -2.053748910631823],
    [0.2, -0.8416212335729142],
    [0.5, 0],
    [0.8, 0.8416212335729143],
    [0.97, 1.8807936081512509],
    [1 - 1e-9, 5.997807019601637],
  ])('Phi^-1(%d) = %d to 1e-15 relative', (p, z) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(
      1e-15 * Math.abs(z),
    );
  });

  it('inverts normalCdf', () => {
    for (const z of [-30, -8, -3, -1, -0.1, 0.2, 1.5, 4]) {
      expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 10);
    }
  });

  it('maps 0 and 1 to -+Infinity and rejects the rest', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(
      'normalQuantile: p must be in [0, 1]; got 1.5',
    );
  });
});
