import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Fans, Layout, WeightSpec } from '../types.js';
import { SCHEMES, createInitializer } from './index.js';

const bias = (fans: unknown): WeightSpec => ({
  shape: [3],
  layout: 'bias',
  key: 'b',
  fans: fans as Fans,
});
const good = { fanIn: 10, fanOut: 30, receptiveField: 1 };

describe('spec.fans', () => {
  const bad: [string, unknown, string][] = [
    ['fanIn', -10, 'spec.fans.fanIn must be an integer >= 0; got -10'],
    ['fanIn', Infinity, 'spec.fans.fanIn must be an integer >= 0; got Inf'],
    ['fanIn', 2.5, 'spec.fans.fanIn must be an integer >= 0; got 2.5'],
    ['fanOut', NaN, 'spec.fans.fanOut must be an integer >= 0; got NaN'],
    ['fanOut', '3', 'spec.fans.fanOut must be an integer >= 0; got 3'],
    [
      'receptiveField',
      undefined,
      'spec.fans.receptiveField must be an integer >= 0; got undefined',
    ],
  ];
  it.each(bad)('refuses %s = %s', (name, value, message) => {
    for (const scheme of ['glorot-normal', 'he-normal', 'lecun-uniform']) {
      const init = createInitializer(scheme);
      const spec = bias({ ...good, [name]: value });
      expect(() => init.targetStd(spec)).toThrow(`${scheme}: ${message}`);
      expect(() => init.fill(spec, 0, new Float32Array(3))).toThrow(RangeError);
    }
  });

  it('refuses fans that are not an object', () => {
    expect(() => createInitializer('he-normal').describe(bias(null))).toThrow(
      'he-normal: spec.fans must be an object { fanIn, fanOut, ' +
        'receptiveField }; got null',
    );
  });

  it('uses valid fans, on a bias and on a weight alike', () => {
    const init = createInitializer('glorot-normal');
    expect(init.targetStd(bias(good))).toBeCloseTo(Math.sqrt(2 / 40), 15);
    const weight = { shape: [4, 4], layout: 'OI', key: 'w', fans: good };
    expect(init.targetStd(weight as WeightSpec)).toBeCloseTo(
      Math.sqrt(2 / 40),
      15,
    );
  });
});

describe('an unknown layout', () => {
  const layouts = ['NCHW', 'oihw', 'hwio', undefined];
  const cases = SCHEMES.flatMap((s) =>
    layouts.map((layout) => [s.name, layout] as const),
  );
  it.each(cases)('%s refuses %s, listing the layouts', (name, layout) => {
    const init = createInitializer(name);
    for (const shape of [
      [3, 4],
      [4, 4, 3, 3],
    ]) {
      const spec = { shape, layout: layout as Layout, key: 'x' };
      const size = shape.reduce((a, b) => a * b, 1);
      const calls = [
        () => init.describe(spec),
        () => init.targetStd(spec),
        () => init.fill(spec, 0, new Float32Array(size)),
      ];
      for (const call of calls) {
        expect(call).toThrow(RangeError);
        expect(call).toThrow(
          `${name}: layout must be one of OIHW, IOHW, HWIO, HWCM, OI, IO, ` +
            `bias; got ${layout === undefined ? 'undefined' : `'${layout}'`}`,
        );
      }
    }
  });
});

describe('fill ranges', () => {
  it.each(SCHEMES.map((s) => s.name).filter((n) => n !== 'sparse'))(
    '%s: a non-integer start must be an integer',
    (name) => {
      const init = createInitializer(name);
      if (!init.elementwise) return;
      const spec = { shape: [2, 3], layout: 'OI', key: 'w' } as const;
      expect(() => init.fill(spec, 0, new Float32Array(2), 1.5)).toThrow(
        `${name}: start must be an integer >= 0; got 1.5`,
      );
    },
  );
});

describe('zero-size weights', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['orthogonal', [0, 5], 'OI'],
    ['delta-orthogonal', [4, 0, 3, 3], 'OIHW'],
    ['he-normal', [0, 5], 'OI'],
  ] as const)('%s warns once, with console.warn', (name, shape, layout) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const emit = vi.spyOn(process, 'emitWarning');
    const init = createInitializer(name);
    const spec = { shape, layout, key: 'z' };
    init.fill(spec, 0, new Float32Array(0));
    init.fill(spec, 1, new Float64Array(0));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      `${name}: weight of shape [${shape.join(', ')}] has no elements; ` +
        `nothing to fill (warned once)`,
    );
    expect(emit).not.toHaveBeenCalled();
  });
});
