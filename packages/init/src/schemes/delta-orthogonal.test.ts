import { describe, expect, it } from 'vitest';
import type { Layout, WeightSpec } from '../types.js';
import { deltaOrthogonal } from './delta-orthogonal.js';
import { orthogonal } from './orthogonal.js';

/** The [out, in] matrix at spatial tap `tap` (row-major index over k...). */
function tapMatrix(
  w: Float64Array,
  layout: Layout,
  shape: readonly number[],
  tap: number,
): { outputs: number; inputs: number; h: Float64Array } {
  const rank = shape.length;
  const hwio = layout === 'HWIO';
  const [outputs, inputs] = hwio
    ? [shape[rank - 1]!, shape[rank - 2]!]
    : layout === 'IOHW'
      ? [shape[1]!, shape[0]!]
      : [shape[0]!, shape[1]!];
  const spatial = w.length / (outputs * inputs);
  const h = new Float64Array(outputs * inputs);
  for (let o = 0; o < outputs; o++) {
    for (let i = 0; i < inputs; i++) {
      const offset = hwio
        ? (tap * inputs + i) * outputs + o
        : layout === 'IOHW'
          ? (i * outputs + o) * spatial + tap
          : (o * inputs + i) * spatial + tap;
      h[o * inputs + i] = w[offset]!;
    }
  }
  return { outputs, inputs, h };
}

describe('deltaOrthogonal', () => {
  it.each([
    ['OIHW', [16, 8, 3, 3], 4],
    ['OIHW', [8, 16, 5], 2],
    ['OIHW', [6, 4, 3, 3, 3], 13],
    ['HWIO', [3, 3, 8, 16], 4],
    ['IOHW', [8, 16, 3, 3], 4],
  ] as [Layout, number[], number][])(
    'puts the orthogonal matrix at the centre of %s %j only',
    (layout, shape, centre) => {
      const spec: WeightSpec = { shape, layout, key: 'conv' };
      const w = new Float64Array(shape.reduce((a, b) => a * b, 1));
      deltaOrthogonal.create({ gain: 2 }).fill(spec, 3, w);
      const { outputs, inputs, h } = tapMatrix(w, layout, shape, centre);
      const expected = new Float64Array(outputs * inputs);
      orthogonal
        .create({ gain: 2 })
        .fill(
          { shape: [outputs, inputs], layout: 'OI', key: 'conv' },
          3,
          expected,
        );

      expect(h).toEqual(expected);
      const nonZero = w.reduce((n, x) => n + (x === 0 ? 0 : 1), 0);
      expect(nonZero).toBe(outputs * inputs);
      const meanSquare = w.reduce((s, x) => s + x * x, 0) / w.length;
      const std = deltaOrthogonal.create({ gain: 2 }).targetStd(spec);
      expect(Math.sqrt(meanSquare)).toBeCloseTo(std, 12);
    },
  );

  it('rejects even kernels, dense layouts and partial fills', () => {
    const init = deltaOrthogonal.create();
    expect(() =>
      init.fill(
        { shape: [4, 4, 2, 2], layout: 'OIHW', key: 'k' },
        0,
        new Float32Array(64),
      ),
    ).toThrow(
      'delta-orthogonal: kernel spatial sizes must be odd (a centre tap); ' +
        'got [2, 2]',
    );
    expect(() =>
      init.fill(
        { shape: [4, 4], layout: 'OI', key: 'k' },
        0,
        new Float32Array(16),
      ),
    ).toThrow(
      'delta-orthogonal: layout must be one of OIHW, IOHW, HWIO; got OI',
    );
    expect(() =>
      init.fill(
        { shape: [4, 4, 3, 3], layout: 'OIHW', key: 'k' },
        0,
        new Float32Array(9),
        9,
      ),
    ).toThrow('delta-orthogonal: fill must cover the whole weight');
  });
});
