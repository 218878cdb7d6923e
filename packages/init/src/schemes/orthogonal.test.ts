import { describe, expect, it } from 'vitest';
import { outputAxis } from '../fans.js';
import { orthogonalityError } from '../linalg/test-helpers.js';
import type { Layout, WeightSpec } from '../types.js';
import { orthogonal } from './orthogonal.js';

/**
 * The [outputs, rest] matrix of a row-major tensor, computed from its
 * multi-indices (independently of the scheme's own index arithmetic).
 */
function unitMatrix(
  values: Float32Array | Float64Array,
  shape: readonly number[],
  layout: Layout,
): { rows: number; cols: number; matrix: Float64Array } {
  const axis = outputAxis(layout, shape.length);
  const rows = shape[axis]!;
  const cols = values.length / rows;
  const rest = shape.filter((_, i) => i !== axis);
  const matrix = new Float64Array(values.length);
  const index = shape.map(() => 0);
  for (let flat = 0; flat < values.length; flat++) {
    let c = 0;
    let restIndex = 0;
    for (let d = 0; d < shape.length; d++) {
      if (d === axis) continue;
      c = c * rest[restIndex]! + index[d]!;
      restIndex++;
    }
    matrix[index[axis]! * cols + c] = values[flat]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return { rows, cols, matrix };
}

const specs: [Layout, number[]][] = [
  ['OI', [64, 100]],
  ['OI', [100, 64]],
  ['OI', [300, 300]],
  ['IO', [100, 48]],
  ['IO', [20, 90]],
  ['OIHW', [32, 8, 3, 3]],
  ['OIHW', [16, 3, 7]],
  ['OIHW', [8, 4, 3, 3, 3]],
  ['OIHW', [200, 3, 2, 2]],
  ['HWIO', [3, 3, 8, 32]],
  ['HWIO', [2, 2, 3, 64]],
  ['HWIO', [5, 16, 4]],
  ['IOHW', [8, 32, 3, 3]],
  ['IOHW', [3, 100, 2, 2, 2]],
];

describe('orthogonal', () => {
  it.each(specs)('is orthogonal in its units for %s %j', (layout, shape) => {
    const spec: WeightSpec = { shape, layout, key: 'conv.weight' };
    const size = shape.reduce((a, b) => a * b, 1);
    for (const gain of [1, Math.SQRT2, 0.3]) {
      const out = new Float32Array(size);
      orthogonal.create({ gain }).fill(spec, 5, out);
      const { rows, cols, matrix } = unitMatrix(out, shape, layout);
      const error = orthogonalityError(matrix, rows, cols, gain * gain);
      expect(error).toBeLessThanOrEqual(1e-5 * gain * gain);
    }
  });

  it.each(specs)('puts the OI matrix at %s %j positions', (layout, shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const out = new Float64Array(size);
    orthogonal.create().fill({ shape, layout, key: 'k' }, 9, out);
    const { rows, cols, matrix } = unitMatrix(out, shape, layout);
    const reference = new Float64Array(size);

    orthogonal
      .create()
      .fill({ shape: [rows, cols], layout: 'OI', key: 'k' }, 9, reference);

    expect(matrix).toEqual(reference);
  });

  it('scales by gain exactly', () => {
    const spec: WeightSpec = { shape: [30, 20], layout: 'OI', key: 'w' };
    const unit = new Float64Array(600);
    const scaled = new Float64Array(600);
    orthogonal.create().fill(spec, 1, unit);
    orthogonal.create({ gain: 2 }).fill(spec, 1, scaled);
    expect(scaled).toEqual(unit.map((x) => 2 * x));
  });

  it('depends on seed and key only', () => {
    const fill = (seed: number, key: string): Float32Array => {
      const out = new Float32Array(16 * 4 * 9);
      orthogonal
        .create()
        .fill({ shape: [16, 4, 3, 3], layout: 'OIHW', key }, seed, out);
      return out;
    };
    expect(fill(1, 'a')).toEqual(fill(1, 'a'));
    expect(fill(1, 'a')).not.toEqual(fill(1, 'b'));
    expect(fill(1, 'a')).not.toEqual(fill(2, 'a'));
  });

  it('describes itself and its element std', () => {
    const init = orthogonal.create({ gain: 3 });
    const spec: WeightSpec = { shape: [10, 40], layout: 'OI', key: 'w' };
    expect(init.elementwise).toBe(false);
    expect(init.describe(spec)).toEqual({ kind: 'orthogonal', gain: 3 });
    expect(init.targetStd(spec)).toBeCloseTo(3 / Math.sqrt(40), 12);
    const out = new Float64Array(400);
    init.fill(spec, 0, out);
    const meanSquare = out.reduce((s, x) => s + x * x, 0) / out.length;
    expect(Math.sqrt(meanSquare)).toBeCloseTo(init.targetStd(spec), 12);
  });

  it('returns an empty result for a zero-size weight', () => {
    const out = new Float32Array(0);
    const spec: WeightSpec = { shape: [0, 5, 3, 3], layout: 'OIHW', key: 'z' };
    expect(() => orthogonal.create().fill(spec, 0, out)).not.toThrow();
  });

  it('rejects bad input with the value in the message', () => {
    const init = orthogonal.create();
    expect(() =>
      init.fill(
        { shape: [5], layout: 'bias', key: 'b' },
        0,
        new Float32Array(5),
      ),
    ).toThrow(
      'orthogonal: layout must be one of OIHW, IOHW, HWIO, OI, IO; got bias',
    );
    expect(() =>
      init.fill({ shape: [5], layout: 'OI', key: 'b' }, 0, new Float32Array(5)),
    ).toThrow('orthogonal: shape must have rank >= 2; got [5]');
    expect(() =>
      init.fill(
        { shape: [4, 4], layout: 'OI', key: 'w' },
        0,
        new Float32Array(8),
        8,
      ),
    ).toThrow('orthogonal: fill must cover the whole weight');
    expect(() =>
      init.fill(
        { shape: [3, 3, 2, 4], layout: 'HWCM', key: 'w' },
        0,
        new Float32Array(72),
      ),
    ).toThrow(
      'orthogonal: layout must be one of OIHW, IOHW, HWIO, OI, IO; got HWCM',
    );
    expect(() => orthogonal.create({ gain: '2' })).toThrow(
      "orthogonal: option gain must be a number; got '2' (string)",
    );
    expect(() => orthogonal.create({ gain: Number.NaN })).toThrow(
      'orthogonal: option gain must be a finite number; got NaN',
    );
    expect(() => orthogonal.create({ gian: 2 })).toThrow(
      "orthogonal: option name must be one of gain; got 'gian'",
    );
  });
});
