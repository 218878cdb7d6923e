import type { Seed } from '../types.js';
import { philox4x32 } from './philox.js';

/**
 * A stream of random numbers named by (seed, key).
 *
 * Stream derivation: the Philox key is the 64-bit seed (low word first);
 * the counter of block b is [b mod 2^32, floor(b / 2^32), h_lo, h_hi],
 * where h is the 64-bit FNV-1a hash of the UTF-8 bytes of the tensor key.
 * Word i of the stream is lane i mod 4 of block floor(i / 4). Element i of
 * a tensor is computed from fixed words of its stream only, so values never
 * depend on call order, chunking, worker count or backend.
 */
export class RandomStream {
  readonly seed: bigint;
  readonly key: string;
  private readonly k0: number;
  private readonly k1: number;
  private readonly h0: number;
  private readonly h1: number;

  constructor(seed: Seed, key: string) {
    this.seed = checkSeed(seed);
    this.key = key;
    this.k0 = Number(this.seed & 0xffffffffn);
    this.k1 = Number(this.seed >> 32n);
    const hash = fnv1a64(key);
    this.h0 = Number(hash & 0xffffffffn);
    this.h1 = Number(hash >> 32n);
  }

  /** Fills `out` with words [start, start + out.length) of the stream. */
  words(out: Uint32Array, start = 0): void {
    const block = new Uint32Array(4);
    let i = 0;
    while (i < out.length) {
      const word = start + i;
      const b = Math.floor(word / 4);
      philox4x32(
        b >>> 0,
        Math.floor(b / 2 ** 32),
        this.h0,
        this.h1,
        this.k0,
        this.k1,
        block,
      );
      for (let lane = word % 4; lane < 4 && i < out.length; lane++, i++) {
        out[i] = block[lane]!;
      }
    }
  }
}

/** Validates a seed and returns it as a bigint. */
export function checkSeed(seed: Seed): bigint {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(
        `seed: must be an integer in [0, 2^53) or a bigint in [0, 2^64); got ${seed}`,
      );
    }
    return BigInt(seed);
  }
  if (seed < 0n || seed >= 1n << 64n) {
    throw new RangeError(`seed: must be a bigint in [0, 2^64); got ${seed}`);
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
