import { describe, expect, it } from 'vitest';
import { linearAxis, logAxis, niceStep, tickLabel } from './ticks.js';

describe('niceStep', () => {
  it.each([
    [0.3, 0.5],
    [1, 1],
    [1.5, 2],
    [3, 5],
    [7, 10],
    [374.8, 500],
    [0.00012, 0.0002],
  ])('%f -> %f', (rough, nice) => {
    expect(niceStep(rough)).toBeCloseTo(nice, 12);
  });
});

describe('linearAxis', () => {
  it('puts ticks at round steps and widens to the outer ones', () => {
    expect(linearAxis(0, 1874).ticks).toEqual([0, 500, 1000, 1500, 2000]);
    const axis = linearAxis(0.213, 0.871);
    expect(axis.ticks).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect([axis.min, axis.max]).toEqual([0.2, 1]);
  });

  it('has no floating-point noise in its ticks', () => {
    expect(linearAxis(0, 0.3, 3).ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('widens a single value around it', () => {
    const one = linearAxis(0.5, 0.5);
    expect(one.min).toBeLessThan(0.5);
    expect(one.max).toBeGreaterThan(0.5);
    const zero = linearAxis(0, 0);
    expect([zero.min, zero.max]).toEqual([-1, 1]);
  });
});

describe('logAxis', () => {
  it('takes whole decades, with 2 and 5 when three or fewer', () => {
    expect(logAxis(0.05, 2).ticks).toEqual([
      0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10,
    ]);
    expect(logAxis(0.002, 30).ticks).toEqual([0.001, 0.01, 0.1, 1, 10, 100]);
  });
});

describe('tickLabel', () => {
  it('gives as many decimals as the step needs', () => {
    const axis = linearAxis(0.2, 1);
    expect(axis.ticks.map((t) => tickLabel(t, axis))).toEqual([
      '0.2',
      '0.4',
      '0.6',
      '0.8',
      '1.0',
    ]);
  });

  it('writes small steps and log decades in exponent form', () => {
    const lr = linearAxis(0, 0.002);
    expect(lr.ticks.map((t) => tickLabel(t, lr))).toEqual([
      '0',
      '5e-4',
      '1e-3',
      '1.5e-3',
      '2e-3',
    ]);
    const log = logAxis(1e-5, 1e-2);
    expect(tickLabel(1e-5, log)).toBe('1e-5');
    expect(tickLabel(0.01, log)).toBe('0.01');
  });
});
