import { describe, expect, it } from 'vitest';
import { checkSeed, fnv1a64, RandomStream } from './stream.js';

function words(stream: RandomStream, n: number, start = 0): number[] {
  const out = new Uint32Array(n);
  stream.words(out, start);
  return Array.from(out);
}

describe('checkSeed', () => {
  it.each([0, 1, 2 ** 53 - 1, 0n, 2n ** 64n - 1n])('accepts %s', (seed) => {
    expect(checkSeed(seed)).toBe(BigInt(seed));
  });

  it.each([
    [-1, /^seed must be an integer in \[0, 2\^53\).*got -1$/],
    [1.5, /got 1\.5/],
    [Number.NaN, /got NaN/],
    [2 ** 53, /got 9007199254740992/],
    [
      -1n,
      'seed must be an integer in [0, 2^53) or a bigint in [0, 2^64); ' +
        'got -1n',
    ],
    [2n ** 64n, /got 18446744073709551616/],
  ])('rejects %s', (seed, message) => {
    expect(() => checkSeed(seed)).toThrow(RangeError);
    expect(() => checkSeed(seed)).toThrow(message);
  });

  it('rejects a seed that is neither a number nor a bigint', () => {
    expect(() => checkSeed('1' as never)).toThrow(
      new TypeError(
        'seed must be an integer in [0, 2^53) or a bigint in [0, 2^64); ' +
          'got 1 (string)',
      ),
    );
  });
});

describe('fnv1a64', () => {
  // Published FNV-1a 64 test values (Fowler, Noll, Vo).
  it.each([
    ['', 0xcbf29ce484222325n],
    ['a', 0xaf63dc4c8601ec8cn],
    ['foobar', 0x85944171f73967e8n],
  ])('hashes %j', (text, hash) => {
    expect(fnv1a64(text)).toBe(hash);
  });
});

describe('RandomStream', () => {
  it('is a pure function of (seed, key)', () => {
    const a = words(new RandomStream(42, 'conv1.weight'), 1000);
    const b = words(new RandomStream(42n, 'conv1.weight'), 1000);
    expect(a).toEqual(b);
  });

  it('differs across keys and across seeds', () => {
    const base = words(new RandomStream(42, 'conv1.weight'), 256);
    const otherKey = words(new RandomStream(42, 'conv1.bias'), 256);
    const otherSeed = words(new RandomStream(43, 'conv1.weight'), 256);
    const highSeed = words(
      new RandomStream(42n + (1n << 32n), 'conv1.weight'),
      256,
    );
    for (const other of [otherKey, otherSeed, highSeed]) {
      const same = base.filter((w, i) => w === other[i]).length;
      // Independent words agree with probability 2^-32 each.
      expect(same).toBeLessThanOrEqual(1);
    }
  });

  it('gives word i whatever the chunking', () => {
    const stream = new RandomStream(9, 'chunks');
    const whole = words(stream, 5000, 11);
    const pieces: number[] = [];
    for (const [start, n] of [
      [11, 1],
      [12, 3],
      [15, 30],
      [45, 999],
      [1044, 3967],
    ] as const) {
      pieces.push(...words(stream, n, start));
    }
    expect(pieces).toEqual(whole);
  });

  it('rejects a bad start', () => {
    const stream = new RandomStream(0, 'k');
    expect(() => stream.words(new Uint32Array(1), -1)).toThrow(
      'RandomStream.words: start must be an integer in [0, 2^53); got -1',
    );
    expect(() => stream.words(new Uint32Array(1), 0.5)).toThrow(
      'RandomStream.words: start must be an integer in [0, 2^53); got 0.5',
    );
  });

  it('fills an empty array', () => {
    expect(() =>
      new RandomStream(0, 'k').words(new Uint32Array(0)),
    ).not.toThrow();
  });
});
