import { describe, expect, it } from 'vitest';

import { randomValues } from '../../../test/helpers.js';
import { convGeometry, type ConvPadding, type Pair } from './conv-geometry.js';
import { im2colTransposed } from './im2col.js';

describe('im2colTransposed', () => {
  it('lays out a 3x3 image with a 2x2 filter, padding after', () => {
    // x = 1..9 row-major, one channel; 'same' pads one row and column
    // after, so the last output row and column read zeros.
    const x = Float32Array.from({ length: 9 }, (_, i) => i + 1);
    const g = convGeometry(
      [1, 3, 3, 1],
      [2, 2, 1, 1],
      1,
      1,
      'same',
      undefined,
      false,
    );
    const out = new Float32Array(4 * 9);
    im2colTransposed(x, g, 0, 3, out);
    expect(Array.from(out)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9], // tap (0, 0)
      ...[2, 3, 0, 5, 6, 0, 8, 9, 0], // tap (0, 1)
      ...[4, 5, 6, 7, 8, 9, 0, 0, 0], // tap (1, 0)
      ...[5, 6, 0, 8, 9, 0, 0, 0, 0], // tap (1, 1)
    ]);
  });

  it.each<[number[], number[], number | Pair, number | Pair, ConvPadding]>([
    [[2, 9, 8, 3], [3, 3, 3, 1], 2, 1, 'same'],
    [[3, 7, 9, 2], [2, 3, 2, 1], [1, 2], [2, 1], 'valid'],
    [[2, 12, 11, 2], [3, 2, 2, 1], 2, 2, 1],
  ])(
    'matches the definition on blocks of output rows: x %j w %j s %j d %j',
    (xShape, wShape, strides, dilations, pad) => {
      const g = convGeometry(
        xShape,
        wShape,
        strides,
        dilations,
        pad,
        undefined,
        false,
      );
      const x = randomValues(
        3,
        `x ${xShape}`,
        xShape.reduce((a, b) => a * b),
      );
      const { inHeight: H, inWidth: W, inChannels: ci } = g;
      const rows = g.filterHeight * g.filterWidth * ci;
      const total = g.batchSize * g.outHeight;
      for (let r0 = 0; r0 < total; r0 += 3) {
        const count = Math.min(3, total - r0);
        const cols = count * g.outWidth;
        const out = new Float32Array(rows * cols).fill(NaN);
        im2colTransposed(x, g, r0, count, out);
        for (let c = 0; c < cols; c++) {
          const k = r0 * g.outWidth + c;
          const ow = k % g.outWidth;
          const oh = Math.floor(k / g.outWidth) % g.outHeight;
          const b = Math.floor(k / (g.outWidth * g.outHeight));
          for (let i = 0; i < g.filterHeight; i++) {
            for (let j = 0; j < g.filterWidth; j++) {
              const h =
                oh * g.strideHeight + i * g.dilationHeight - g.padInfo.top;
              const w =
                ow * g.strideWidth + j * g.dilationWidth - g.padInfo.left;
              for (let ch = 0; ch < ci; ch++) {
                const want =
                  h < 0 || h >= H || w < 0 || w >= W
                    ? 0
                    : x[((b * H + h) * W + w) * ci + ch];
                const row = (i * g.filterWidth + j) * ci + ch;
                expect(out[row * cols + c]).toBe(want);
              }
            }
          }
        }
      }
    },
  );
});
