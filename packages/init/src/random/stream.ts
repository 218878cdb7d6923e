import type { Seed } from '../types.js';
import { checkStart } from './checks.js';
import { kernels, runKernel, type StreamWords } from './kernels.js';

/**
 * A stream of random numbers named by (seed, key).
 *
 * Stream derivation: the Philox key is the 64-bit seed (low word first);
 * the counter of block b is [b mod 2^32, floor(b / 2^32), h_lo, h_hi],
 * where h is the 64-bit FNV-1a hash of the UTF-8 bytes of the tensor key.
 * Word i of the stream is lane i mod 4 of block floor(i / 4). Element i of
 * a tensor is computed from fixed words of its stream only, so values never
 * depend on call order, chunking, worker count or backend.
 *
 * Words come from the WebAssembly SIMD kernel (kernels.ts); reference.ts
 * holds the plain JS computation the tests compare it with.
 */
export class RandomStream {
  readonly seed: bigint;
  readonly key: string;
  /** Philox key words k0, k1 and counter words 2, 3 (h0, h1). */
  readonly philoxWords: StreamWords;

  constructor(seed: Seed, key: string) {
    this.seed = checkSeed(seed);
    this.key = key;
    const hash = fnv1a64(key);
    this.philoxWords = [
      Number(this.seed & 0xffffffffn),
      Number(this.seed >> 32n),
      Number(hash & 0xffffffffn),
      Number(hash >> 32n),
    ];
  }

  /** Fills `out` with words [start, start + out.length) of the stream. */
  words(out: Uint32Array, start = 0): void {
    checkStart('RandomStream.words', start);
    runKernel(this.philoxWords, out, start, 4, 'u32', (units, lo, hi) =>
      kernels().words(units, lo, hi),
    );
  }
}

/** Validates a seed and returns it as a bigint. */
export function checkSeed(seed: Seed): bigint {
  const allowed =
    'seed must be an integer in [0, 2^53) or a bigint in [0, 2^64)';
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`${allowed}; got ${seed}`);
    }
    return BigInt(seed);
  }
  if (typeof seed !== 'bigint') {
    throw new TypeError(`${allowed}; got ${String(seed)} (${typeof seed})`);
  }
  if (seed < 0n || seed >= 1n << 64n) {
    throw new RangeError(`${allowed}; got ${seed}n`);
  }
  return seed;
}

/** 64-bit FNV-1a of the UTF-8 bytes of `text`. */
export function fnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}
