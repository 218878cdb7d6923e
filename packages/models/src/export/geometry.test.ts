import { describe, expect, it } from 'vitest';

import { denseToOutIn, hwioToOihw, samePads } from './geometry.js';

describe('samePads', () => {
  // TensorFlow's rule: out = ceil(n / s), odd pixel after.
  it.each([
    ['valid', 10, 3, 1, 1, [0, 0]],
    ['same', 10, 3, 1, 1, [1, 1]],
    ['same', 10, 4, 2, 1, [1, 1]],
    ['same', 9, 4, 2, 1, [1, 2]],
    ['same', 224, 11, 4, 1, [3, 4]],
    ['same', 7, 3, 1, 2, [2, 2]],
    ['same', 13, 3, 2, 1, [1, 1]],
    ['same', 4, 2, 2, 1, [0, 0]],
  ] as const)('%s n=%i k=%i s=%i d=%i', (padding, n, k, s, d, [lo, hi]) => {
    expect(samePads(padding, [n, n], [k, k], [s, s], [d, d])).toEqual([
      lo,
      lo,
      hi,
      hi,
    ]);
  });

  it('refuses other paddings', () => {
    expect(() => samePads('causal', [4, 4], [2, 2], [1, 1])).toThrow(
      /padding must be same or valid; got causal/,
    );
  });
});

describe('layouts', () => {
  it('HWIO -> OIHW moves each element to its (o, i, h, w)', () => {
    const shape = [2, 3, 4, 5];
    const values = Float32Array.from({ length: 120 }, (_, k) => k);
    const { values: out, shape: outShape } = hwioToOihw(values, shape);
    expect(outShape).toEqual([5, 4, 2, 3]);
    for (const [h, w, i, o] of [
      [0, 0, 0, 0],
      [1, 2, 3, 4],
      [1, 0, 2, 3],
    ] as const) {
      const from = ((h * 3 + w) * 4 + i) * 5 + o;
      expect(out[((o * 4 + i) * 2 + h) * 3 + w]).toBe(from);
    }
  });

  it('dense [in, out] -> [out, in] with rows (h, w, c) -> (c, h, w)', () => {
    // 2x3x2 flattened inputs, 2 units; value = 10 * row + unit.
    const values = Float32Array.from({ length: 24 }, (_, k) => {
      const row = Math.floor(k / 2);
      return 10 * row + (k % 2);
    });
    const { values: out, shape } = denseToOutIn(values, [12, 2], [2, 3, 2]);
    expect(shape).toEqual([2, 12]);
    // NCHW column (c, h, w) = (1, 0, 2) is NHWC row (h, w, c) = (0, 2, 1).
    const col = (1 * 2 + 0) * 3 + 2;
    const row = (0 * 3 + 2) * 2 + 1;
    expect(out[1 * 12 + col]).toBe(10 * row + 1);
    expect(denseToOutIn(values, [12, 2]).values[1 * 12 + 5]).toBe(51);
    expect(() => denseToOutIn(values, [12, 2], [2, 2, 2])).toThrow(
      /must equal the flattened 2x2x2; got 12/,
    );
  });
});
