import { describe, expect, it } from 'vitest';
import {
  kolmogorovPValue,
  ksStatistic,
  ksTest,
  normalCdfOf,
  truncatedNormalCdf,
  uniformCdf,
} from './ks.js';

describe('kolmogorovPValue', () => {
  // scipy.special.kolmogorov at Stephens' lambda, and the exact
  // scipy.stats.kstwo.sf(d, n) it approximates.
  it.each([
    [0.01, 10_000, 0.2687038049688466, 0.2682191277029192],
    [0.02, 10_000, 0.0006580428207401608, 0.0006616848639387309],
    [0.005, 100_000, 0.013424692025248227, 0.013430824977799608],
    [0.004, 100_000, 0.08132057739505649, 0.08130148920222469],
    [0.1, 100, 0.25622118507010405, 0.2526927570063874],
    [0.2, 50, 0.03137665215307253, 0.03143877776953241],
  ])('d = %d, n = %d', (d, n, asymptotic, exact) => {
    const p = kolmogorovPValue(d, n);
    expect(p).toBeCloseTo(asymptotic, 12);
    expect(Math.abs(p - exact)).toBeLessThan(4e-3);
  });

  it('is 1 at d = 0 and vanishes far out', () => {
    expect(kolmogorovPValue(0, 100)).toBe(1);
    expect(kolmogorovPValue(1, 100)).toBeLessThan(1e-80);
  });

  it('rejects a negative statistic', () => {
    expect(() => kolmogorovPValue(-0.1, 10)).toThrow(
      'kolmogorovPValue: d must be >= 0 and n >= 1; got d=-0.1, n=10',
    );
  });
});

describe('ksStatistic', () => {
  it('is the largest gap between the empirical CDF and the CDF', () => {
    // Empirical steps at 0.1, 0.2, 0.9: gaps 1/3 - 0.1, 2/3 - 0.2,
    // 0.9 - 2/3, 1 - 0.9; the largest is 2/3 - 0.2.
    expect(ksStatistic([0.9, 0.1, 0.2], uniformCdf(0, 1))).toBeCloseTo(
      2 / 3 - 0.2,
      15,
    );
  });

  it('rejects empty samples', () => {
    expect(() => ksStatistic([], uniformCdf(0, 1))).toThrow(
      'ksStatistic: samples must be non-empty; got 0',
    );
  });
});

describe('ksTest', () => {
  // Quantiles at (i + 1/2) / n fit perfectly; a shifted copy must fail.
  const n = 10_000;
  const grid = Array.from({ length: n }, (_, i) => (i + 0.5) / n);

  it('accepts a perfect fit and rejects a shifted one', () => {
    expect(ksTest(grid, uniformCdf(0, 1)).pValue).toBe(1);
    const shifted = grid.map((u) => u * 1.05);
    expect(ksTest(shifted, uniformCdf(0, 1)).pValue).toBeLessThan(1e-6);
  });

  it('gives the CDFs of the initializer distributions', () => {
    expect(normalCdfOf(1, 2)(1)).toBe(0.5);
    expect(normalCdfOf(0, 1)(1.96)).toBeCloseTo(0.9750021048517795, 15);
    const trunc = truncatedNormalCdf(0, 1, -2, 2);
    expect(trunc(-2)).toBe(0);
    expect(trunc(0)).toBeCloseTo(0.5, 15);
    expect(trunc(5)).toBe(1);
    expect(uniformCdf(-1, 1)(0.5)).toBe(0.75);
  });
});
