import { describe, expect, it } from 'vitest';
import { computeFans, outputAxis } from './fans.js';
import type { Layout } from './types.js';

// Connection counts worked out by hand from the layer each weight belongs
// to (not from computeFans): fanIn = inputs feeding one output unit,
// fanOut = outputs fed by one input unit, both times the receptive field.
const table: [string, number[], Layout, number, number, number, number][] = [
  // name, shape, layout, group, fanIn, fanOut, receptiveField
  ['Linear 100 -> 10 (OI)', [10, 100], 'OI', 1, 100, 10, 1],
  ['MatMul 100 -> 10 (IO)', [100, 10], 'IO', 1, 100, 10, 1],
  ['Conv2d 16 -> 32, 3x3', [32, 16, 3, 3], 'OIHW', 1, 144, 288, 9],
  ['Conv2d 16 -> 32, 3x3, g=4', [32, 4, 3, 3], 'OIHW', 4, 36, 72, 9],
  ['depthwise Conv2d 32, 3x3 (OIHW)', [32, 1, 3, 3], 'OIHW', 32, 9, 9, 9],
  ['depthwise x2 (OIHW)', [64, 1, 3, 3], 'OIHW', 32, 9, 18, 9],
  ['Conv1d 8 -> 4, k5', [4, 8, 5], 'OIHW', 1, 40, 20, 5],
  ['Conv3d 3 -> 6, 2x3x4', [6, 3, 2, 3, 4], 'OIHW', 1, 72, 144, 24],
  ['ConvTranspose 16 -> 8, 4x4', [16, 8, 4, 4], 'IOHW', 1, 256, 128, 16],
  ['ConvTranspose 16 -> 8, g=2', [16, 4, 4, 4], 'IOHW', 2, 128, 64, 16],
  ['ConvTranspose1d 4 -> 6, k3', [4, 6, 3], 'IOHW', 1, 12, 18, 3],
  ['tfjs Conv2D 16 -> 32, 3x3', [3, 3, 16, 32], 'HWIO', 1, 144, 288, 9],
  ['tfjs Conv1D 8 -> 4, k5', [5, 8, 4], 'HWIO', 1, 40, 20, 5],
  ['tfjs Conv3D 3 -> 6', [2, 3, 4, 3, 6], 'HWIO', 1, 72, 144, 24],
  // Keras Conv2D(groups=2), 8 -> 16: each output sees 4 inputs, each
  // input feeds the 8 outputs of its group.
  ['Keras Conv2D 8 -> 16, 3x3, g=2', [3, 3, 4, 16], 'HWIO', 2, 36, 72, 9],
  ['Keras Conv1D 6 -> 6, k5, g=3', [5, 2, 6], 'HWIO', 3, 10, 10, 5],
  ['Keras Conv2D depthwise-like g=8', [3, 3, 1, 8], 'HWIO', 8, 9, 9, 9],
  ['tfjs DepthwiseConv2D C=8, M=2', [3, 3, 8, 2], 'HWCM', 1, 9, 18, 9],
  ['tfjs DepthwiseConv1D C=8, M=1', [5, 8, 1], 'HWCM', 1, 5, 5, 5],
  ['zero-size OI', [0, 5], 'OI', 1, 5, 0, 1],
  ['zero-size OIHW kernel', [4, 3, 0, 3], 'OIHW', 1, 0, 0, 0],
  ['zero-size HWIO channels', [3, 3, 0, 4], 'HWIO', 1, 0, 36, 9],
];

describe('computeFans', () => {
  it.each(table)('%s', (_name, shape, layout, group, fanIn, fanOut, rf) => {
    expect(computeFans(shape, layout, group)).toEqual({
      fanIn,
      fanOut,
      receptiveField: rf,
    });
  });

  it('group defaults to 1', () => {
    expect(computeFans([32, 16, 3, 3], 'OIHW')).toEqual(
      computeFans([32, 16, 3, 3], 'OIHW', 1),
    );
  });

  const badRanks: [number[], Layout][] = [
    [[3, 3], 'OIHW'],
    [[3, 3], 'IOHW'],
    [[16, 32], 'HWIO'],
    [[8, 2], 'HWCM'],
    [[10], 'OI'],
    [[10, 100, 1], 'IO'],
    [[10, 1], 'bias'],
  ];
  it.each(badRanks)('refuses shape %j for layout %s', (shape, layout) => {
    expect(() => computeFans(shape, layout)).toThrow(
      new RegExp(`a ${layout} weight must have rank`),
    );
  });

  it('refuses a bias: its fans are its layer`s', () => {
    expect(() => computeFans([10], 'bias')).toThrow(/bias has no fans/);
  });

  it('refuses negative or fractional dims', () => {
    expect(() => computeFans([-1, 3], 'OI')).toThrow(/integers >= 0/);
    expect(() => computeFans([1.5, 3], 'OI')).toThrow(/integers >= 0/);
  });

  it('refuses a grouped HWIO kernel when group does not divide C_out', () => {
    expect(() => computeFans([3, 3, 2, 8], 'HWIO', 3)).toThrow(
      'computeFans: C_out (last axis) must be divisible by group 3; got 8',
    );
  });

  const meaningless: [number[], Layout, number][] = [
    [[4, 6], 'OI', 5],
    [[6, 4], 'IO', 2],
    [[3, 3, 8, 2], 'HWCM', 2],
    [[10], 'bias', 2],
  ];
  it.each(meaningless)(
    'refuses shape %j, layout %s with group %i',
    (shape, layout, group) => {
      expect(() => computeFans(shape, layout, group)).toThrow(
        `computeFans: group must be 1 for layout ${layout} (groups apply ` +
          `to OIHW, IOHW, HWIO only); got ${group}`,
      );
    },
  );

  const unknown: unknown[] = ['NCHW', 'oihw', '', undefined, 3];
  it.each(unknown)('refuses the unknown layout %j, listing them', (bad) => {
    const shown = typeof bad === 'string' ? `'${bad}'` : String(bad);
    for (const shape of [
      [3, 4],
      [3, 4, 3, 3],
    ]) {
      expect(() => computeFans(shape, bad as Layout)).toThrow(
        'computeFans: layout must be one of OIHW, IOHW, HWIO, HWCM, OI, ' +
          `IO, bias; got ${shown}`,
      );
    }
    expect(() => outputAxis(bad as Layout, 2)).toThrow(
      /outputAxis: layout must be one of/,
    );
  });

  it('refuses bad groups, naming the value', () => {
    expect(() => computeFans([32, 4, 3, 3], 'OIHW', 0)).toThrow(
      /group must be an integer >= 1; got 0/,
    );
    expect(() => computeFans([30, 4, 3, 3], 'OIHW', 4)).toThrow(
      /divisible by group 4; got 30/,
    );
    expect(() => computeFans([30, 4, 3, 3], 'IOHW', 4)).toThrow(
      /C_in \(axis 0\) must be divisible/,
    );
  });
});

describe('outputAxis', () => {
  const axes: [Layout, number, number][] = [
    ['OIHW', 4, 0],
    ['OI', 2, 0],
    ['bias', 1, 0],
    ['IOHW', 4, 1],
    ['IO', 2, 1],
    ['HWIO', 4, 3],
    ['HWIO', 5, 4],
    ['HWCM', 4, 3],
  ];
  it.each(axes)('%s rank %i -> axis %i', (layout, rank, axis) => {
    expect(outputAxis(layout, rank)).toBe(axis);
  });
});
