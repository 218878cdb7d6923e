import type { FloatArray } from '../types.js';
import type { RandomStream } from './stream.js';

export type { FloatArray } from '../types.js';

const TWO_POW_M24 = 2 ** -24;

/** Word w to a uniform in the open interval (0, 1), with 24 bits. */
function unit(w: number): number {
  return ((w >>> 8) + 0.5) * TWO_POW_M24;
}

/**
 * Elements [start, start + out.length) of U(low, high): element i uses
 * word i of the stream.
 */
export function fillUniform(
  stream: RandomStream,
  out: FloatArray,
  low: number,
  high: number,
  start = 0,
): void {
  const words = new Uint32Array(out.length);
  stream.words(words, start);
  const width = high - low;
  for (let i = 0; i < out.length; i++) out[i] = low + width * unit(words[i]!);
}

/**
 * Elements [start, start + out.length) of N(mean, std^2) by Box-Muller:
 * elements 2j and 2j + 1 are r cos(t) and r sin(t) with r from word 2j and
 * t from word 2j + 1. With 24-bit uniforms the tails stop at 5.9 std.
 */
export function fillNormal(
  stream: RandomStream,
  out: FloatArray,
  mean: number,
  std: number,
  start = 0,
): void {
  const first = start - (start % 2);
  const count = start + out.length - first;
  const words = new Uint32Array(count + (count % 2));
  stream.words(words, first);
  for (let i = 0; i < out.length; i++) {
    const element = start + i;
    const pair = element - first - (element % 2);
    const r = Math.sqrt(-2 * Math.log(unit(words[pair]!)));
    const t = 2 * Math.PI * unit(words[pair + 1]!);
    const z = element % 2 === 0 ? r * Math.cos(t) : r * Math.sin(t);
    out[i] = mean + std * z;
  }
}
