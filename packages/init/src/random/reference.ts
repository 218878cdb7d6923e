import type { FloatArray } from '../types.js';
import { philox4x32 } from './philox.js';
import type { RandomStream } from './stream.js';

/**
 * Plain JS computations of the stream and its distributions, one element
 * at a time: the oracle the tests compare the WebAssembly kernels with.
 * Not used to fill tensors.
 */

const TWO_POW_M24 = 2 ** -24;

/** Word w to a uniform in the open interval (0, 1), with 24 bits. */
export function referenceUnit(w: number): number {
  return ((w >>> 8) + 0.5) * TWO_POW_M24;
}

/** Words [start, start + out.length) of the stream, block by block. */
export function referenceWords(
  stream: RandomStream,
  out: Uint32Array,
  start = 0,
): void {
  const [k0, k1, h0, h1] = stream.philoxWords;
  const block = new Uint32Array(4);
  let i = 0;
  while (i < out.length) {
    const word = start + i;
    const b = Math.floor(word / 4);
    philox4x32(b >>> 0, Math.floor(b / 2 ** 32), h0, h1, k0, k1, block);
    for (let lane = word % 4; lane < 4 && i < out.length; lane++, i++) {
      out[i] = block[lane]!;
    }
  }
}

/** Uniform element i: low + (high - low) u_i, in f64. */
export function referenceUniform(
  stream: RandomStream,
  out: FloatArray,
  low: number,
  high: number,
  start = 0,
): void {
  const words = new Uint32Array(out.length);
  referenceWords(stream, words, start);
  const width = high - low;
  for (let i = 0; i < out.length; i++) {
    out[i] = low + width * referenceUnit(words[i]!);
  }
}

/** Box-Muller in f64 on words 2j, 2j + 1 (see fillNormal). */
export function referenceNormal(
  stream: RandomStream,
  out: FloatArray,
  mean: number,
  std: number,
  start = 0,
): void {
  const first = start - (start % 2);
  const count = start + out.length - first;
  const words = new Uint32Array(count + (count % 2));
  referenceWords(stream, words, first);
  for (let i = 0; i < out.length; i++) {
    const element = start + i;
    const pair = element - first - (element % 2);
    const r = Math.sqrt(-2 * Math.log(referenceUnit(words[pair]!)));
    const t = 2 * Math.PI * referenceUnit(words[pair + 1]!);
    const z = element % 2 === 0 ? r * Math.cos(t) : r * Math.sin(t);
    out[i] = mean + std * z;
  }
}
