import type { FloatArray } from '../types.js';

/** Deterministic uniform(-1, 1) values from a 32-bit LCG, for tests. */
export function lcgValues(count: number, seed: number): Float64Array {
  const out = new Float64Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/**
 * max |W W^T - scale I| of a row-major [rows, cols] matrix when
 * rows <= cols, else max |W^T W - scale I|.
 */
export function orthogonalityError(
  w: FloatArray,
  rows: number,
  cols: number,
  scale = 1,
): number {
  const wide = rows <= cols;
  const n = wide ? rows : cols;
  const len = wide ? cols : rows;
  const at = (v: number, l: number): number =>
    wide ? w[v * cols + l]! : w[l * cols + v]!;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let dot = 0;
      for (let l = 0; l < len; l++) dot += at(i, l) * at(j, l);
      worst = Math.max(worst, Math.abs(dot - (i === j ? scale : 0)));
    }
  }
  return worst;
}
