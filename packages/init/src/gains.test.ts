import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  gain,
  gaussianExpectation,
  leakyReluGain,
  MAX_PANELS,
  numericGain,
} from './gains.js';

const relu = (x: number) => Math.max(x, 0);
const clipped = (b: number) => (x: number) => Math.min(Math.max(x, 0), b);
const leaky = (a: number) => (x: number) => (x > 0 ? x : a * x);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const SELU_LAMBDA = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;
const selu = (x: number) =>
  x > 0 ? SELU_LAMBDA * x : SELU_LAMBDA * SELU_ALPHA * Math.expm1(x);

// Standard normal tail values from tables (Abramowitz and Stegun 26.2).
const PHI_2 = 0.9772498680518208; // Phi(2)
const TAIL_8 = 6.220960574271784e-16; // 1 - Phi(8)
const density = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** E[min(max(z, 0), b)^2] = Phi(b) - 1/2 - b phi(b) + b^2 (1 - Phi(b)). */
function clippedMoment(b: number, phiB: number): number {
  return phiB - 0.5 - b * density(b) + b * b * (1 - phiB);
}

describe('gain', () => {
  it.each([
    ['linear', 1],
    ['identity', 1],
    ['conv', 1],
    ['sigmoid', 1],
    ['tanh', 5 / 3],
    ['relu', Math.SQRT2],
    ['leaky-relu', Math.sqrt(2 / (1 + 0.01 ** 2))],
    ['selu', 0.75],
  ])('%s -> %f', (name, value) => {
    expect(gain(name)).toBe(value);
  });

  it('honours an explicit negative slope of 0 (relu), not the default', () => {
    expect(gain('leaky-relu', 0)).toBe(Math.SQRT2);
    expect(gain('leaky-relu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 15);
  });

  it('lists the allowed names for an unknown activation', () => {
    expect(() => gain('swish')).toThrow(
      `gain: activation must be one of ${ACTIVATIONS.join(', ')}; ` +
        `got 'swish'`,
    );
    expect(() => leakyReluGain(NaN)).toThrow(
      /negativeSlope must be a finite number; got NaN/,
    );
  });
});

describe('numericGain (g = 1 / sqrt(E[f(z)^2]), z ~ N(0, 1))', () => {
  it('integrates the normal moments exactly', () => {
    expect(gaussianExpectation(() => 1)).toBeCloseTo(1, 13);
    expect(gaussianExpectation((z) => z * z)).toBeCloseTo(1, 13);
    expect(gaussianExpectation((z) => z ** 4)).toBeCloseTo(3, 12);
  });

  it('matches the closed forms: linear 1, relu sqrt 2, leaky relu', () => {
    expect(numericGain((x) => x)).toBeCloseTo(1, 12);
    expect(numericGain(relu)).toBeCloseTo(Math.SQRT2, 12);
    for (const a of [0, 0.01, 0.2, 0.5, 1]) {
      expect(numericGain(leaky(a))).toBeCloseTo(leakyReluGain(a), 12);
    }
  });

  it('clipped relu at 2, 8 and 20 matches the truncated-moment formula', () => {
    const g2 = numericGain(clipped(2));
    expect(g2).toBeCloseTo(1 / Math.sqrt(clippedMoment(2, PHI_2)), 12);
    expect(g2).toBeCloseTo(1.4739895032, 9);
    const g8 = numericGain(clipped(8));
    expect(g8).toBeCloseTo(1 / Math.sqrt(clippedMoment(8, 1 - TAIL_8)), 12);
    expect(numericGain(clipped(20))).toBeCloseTo(Math.SQRT2, 12);
  });

  it('tanh: 1.5925, not the 5/3 heuristic; selu: 1, not 3/4', () => {
    const tanh = numericGain(Math.tanh);
    expect(tanh).toBeCloseTo(1.5925374197, 9);
    expect(Math.abs(tanh - gain('tanh'))).toBeGreaterThan(0.07);
    expect(numericGain(selu)).toBeCloseTo(1, 9);
    // The second moment counts sigmoid's mean of 1/2: E[s(z)^2] ~ 0.2934.
    expect(numericGain(sigmoid)).toBeCloseTo(1.8462285453, 9);
  });

  it('refuses an activation with zero second moment', () => {
    expect(() => numericGain(() => 0)).toThrow(/E\[f\(z\)\^2\] must be/);
  });
});

describe('numericGain on activations it cannot integrate', () => {
  const clip = (lo: number, hi: number) => (x: number) =>
    Math.min(Math.max(x, lo), hi);

  it('refuses infinite, NaN and overflowing f(z) at once, not after 2^40 panels', () => {
    const start = performance.now();
    expect(() => numericGain(clip(Infinity, -Infinity))).toThrow(
      /numericGain: f\(z\) must be finite for every z; got f\(.*\) = -Infinity/,
    );
    expect(() => numericGain(clip(NaN, NaN))).toThrow(
      /f\(z\) must be finite .* = NaN/,
    );
    expect(() => numericGain(() => 1e200)).toThrow(
      /gaussianExpectation: h\(z\) must be finite for every z; got h\(.*\) = Infinity/,
    );
    expect(() => gaussianExpectation(() => NaN)).toThrow(/= NaN$/);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('bounds the work on an integrand that never converges', () => {
    // A jump at every 2^-20: each panel's estimate stays off by O(1).
    let calls = 0;
    const comb = (z: number) => {
      calls++;
      return Math.floor(z * 2 ** 20) % 2 === 0 ? 1 : 0;
    };
    expect(() => gaussianExpectation(comb)).toThrow(
      `gaussianExpectation: quadrature must converge within ${MAX_PANELS} panels`,
    );
    // 80 panels for the first estimate, then the budget.
    expect(calls).toBeLessThanOrEqual(15 * (MAX_PANELS + 80));
  });

  it('still integrates a jump off the integer grid (ReLU6 shifted)', () => {
    // E[clip(z, -inf, 0.5)^2] = 1 - (1 - Phi(0.5)) + 0.25 (1 - Phi(0.5))
    // - 0.5 phi(0.5); 1 - Phi(0.5) = 0.3085375387259869.
    const tail = 0.3085375387259869;
    const moment = 1 - tail + 0.25 * tail - 0.5 * density(0.5);
    expect(numericGain(clip(-Infinity, 0.5))).toBeCloseTo(
      1 / Math.sqrt(moment),
      10,
    );
  });
});

describe('numericGain at any scale', () => {
  it('converges on a huge constant (tolerance relative to the moment)', () => {
    // Clip(x, 1e38, 3e38) is the constant 1e38: E[f^2] = 1e76.
    const g = numericGain((x) => Math.min(Math.max(x, 1e38), 3e38));
    expect(g / 1e-38).toBeCloseTo(1, 12);
  });
});
