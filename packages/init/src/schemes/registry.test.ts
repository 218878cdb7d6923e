import { describe, expect, it } from 'vitest';
import type { Scheme } from '../types.js';
import {
  SCHEMES,
  SchemeRegistry,
  createInitializer,
  findScheme,
  schemeRegistry,
} from './index.js';

const names = SCHEMES.map((s) => s.name);

describe('the scheme list', () => {
  it('is in alphabetical order of name', () => {
    expect(names).toEqual([...names].sort());
    expect(schemeRegistry.names()).toEqual(names);
  });

  it('has a summary, formula, citation and documented options each', () => {
    for (const s of SCHEMES) {
      expect(s.summary.length).toBeGreaterThan(0);
      expect(s.formula.length).toBeGreaterThan(0);
      expect(s.citation.length).toBeGreaterThan(0);
      for (const o of s.options)
        expect(o.description.length).toBeGreaterThan(0);
    }
  });
});

describe('lookup', () => {
  it('finds names and aliases, case-insensitively', () => {
    expect(findScheme('He-Normal').name).toBe('he-normal');
    expect(findScheme('KAIMING_NORMAL').name).toBe('he-normal');
    expect(findScheme('xavier-uniform').name).toBe('glorot-uniform');
    expect(findScheme('dirac').name).toBe('identity');
    expect(findScheme('torch7').name).toBe('torch-legacy');
  });

  it('lists every name for an unknown one', () => {
    expect(() => findScheme('kaiming')).toThrow(
      `scheme: name must be one of ${names.join(', ')} (or an alias); ` +
        `got 'kaiming'`,
    );
  });

  it('refuses a duplicate name or alias at registration', () => {
    const fake = (name: string, aliases: string[]): Scheme => ({
      ...SCHEMES[0]!,
      name,
      aliases,
    });
    const registry = new SchemeRegistry([fake('a', ['b'])]);
    expect(() => registry.register(fake('A', []))).toThrow(
      /'a' of scheme 'A' must be unique; already taken by 'a'/,
    );
    expect(() => registry.register(fake('c', ['B']))).toThrow(
      /'b' of scheme 'c' must be unique/,
    );
    expect(() => registry.register(fake('d', ['d']))).toThrow(/unique/);
    expect(() => new SchemeRegistry([...SCHEMES, ...SCHEMES])).toThrow(
      /must be unique/,
    );
  });
});

describe('createInitializer', () => {
  it('configures a scheme by name with validated options', () => {
    const init = createInitializer('kaiming_uniform', { mode: 'fan_out' });
    expect(init.scheme).toBe('he-uniform');
    expect(() => createInitializer('he-uniform', { mod: 'fan_out' })).toThrow(
      "he-uniform: option name must be one of mode, negativeSlope; got 'mod'",
    );
    expect(() => createInitializer('zeros', { value: 1 })).toThrow(
      "zeros: option name must be one of (none); got 'value'",
    );
    expect(() =>
      createInitializer('he-uniform', { negativeSlope: NaN }),
    ).toThrow(
      'he-uniform: option negativeSlope must be a finite number; got NaN',
    );
  });
});

// Shared behaviour of every elementwise scheme (all but sparse and
// orthogonal), on shapes of every layout.
const elementwise = SCHEMES.filter((s) => s.create().elementwise);
const specs = [
  { shape: [37, 29], layout: 'OI', key: 'fc1/weight' },
  { shape: [3, 3, 8, 6], layout: 'HWIO', key: 'conv1/kernel' },
  { shape: [12, 2, 3, 3], layout: 'OIHW', group: 3, key: 'conv2/weight' },
  { shape: [3, 3, 6, 2], layout: 'HWCM', key: 'dw/kernel' },
] as const;

describe.each(elementwise.map((s) => [s.name, s] as const))('%s', (_n, s) => {
  const init = s.create();

  it('fills any [start, start + n) range as the whole fill (streaming)', () => {
    for (const spec of specs) {
      const size = spec.shape.reduce((a: number, b: number) => a * b, 1);
      const whole = new Float64Array(size);
      init.fill(spec, 7, whole);
      const chunked = new Float64Array(size);
      // Odd starts and lengths split Box-Muller pairs.
      for (let start = 0, n = 1; start < size; start += n, n += 2) {
        const part = new Float64Array(Math.min(n, size - start));
        init.fill(spec, 7, part, start);
        chunked.set(part, start);
      }
      expect(chunked).toEqual(whole);
    }
  });

  it('is bit-identical for the same seed and key; keys differ', () => {
    const spec = specs[1];
    const a = new Float32Array(432);
    const b = new Float32Array(432);
    const c = new Float32Array(432);
    init.fill(spec, 123n, a);
    init.fill(spec, 123, b);
    init.fill({ ...spec, key: 'conv2/kernel' }, 123, c);
    expect(b).toEqual(a);
    const constant = ['constant', 'identity', 'ones', 'zeros'];
    if (!constant.includes(s.name)) expect(c).not.toEqual(a);
  });

  it('returns an empty fill for zero-size shapes', () => {
    for (const shape of [
      [0, 5],
      [5, 0],
      [3, 3, 0, 4],
    ]) {
      const layout = shape.length === 2 ? 'OI' : 'HWIO';
      const out = new Float32Array(0);
      expect(() =>
        init.fill({ shape, layout, key: 'z' }, 0, out),
      ).not.toThrow();
    }
  });

  it('refuses a range outside the weight, naming it', () => {
    const out = new Float32Array(4);
    expect(() =>
      init.fill({ shape: [2, 3], layout: 'OI', key: 'w' }, 0, out, 3),
    ).toThrow(
      `${s.name}: [start, start + out.length) must lie in [0, 6); got [3, 7)`,
    );
  });
});
