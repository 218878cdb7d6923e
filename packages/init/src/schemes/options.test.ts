import { describe, expect, it } from 'vitest';
import { constant } from './constant.js';
import { heNormal } from './he-normal.js';
import { normal } from './normal.js';
import { orthogonal } from './orthogonal.js';
import { uniform } from './uniform.js';

describe('resolveOptions', () => {
  it('takes the default for a missing or undefined option', () => {
    const spec = { shape: [2, 2], layout: 'OI', key: 'w' } as const;
    expect(normal.create({}).targetStd(spec)).toBe(1);
    expect(normal.create({ std: undefined }).targetStd(spec)).toBe(1);
    expect(normal.create({ std: 0 }).targetStd(spec)).toBe(0);
  });

  it.each([
    [normal, 'std', 'normal: option std must be a number; got null (null)'],
    [
      constant,
      'value',
      'constant: option value must be a number; got null (null)',
    ],
    [uniform, 'low', 'uniform: option low must be a number; got null (null)'],
    [
      heNormal,
      'mode',
      'he-normal: option mode must be a string (one of fan_in, fan_out); ' +
        'got null (null)',
    ],
    [
      orthogonal,
      'gain',
      'orthogonal: option gain must be a number; got null (null)',
    ],
  ] as const)('refuses null for %#: %s', (scheme, name, message) => {
    expect(() => scheme.create({ [name]: null })).toThrow(
      new TypeError(message),
    );
  });

  it.each([NaN, Infinity, -Infinity])('refuses %s, naming it', (bad) => {
    expect(() => normal.create({ std: bad })).toThrow(
      new RangeError(
        `normal: option std must be a finite number; got ${String(bad)}`,
      ),
    );
  });
});
