/** Mean, sum of squared deviations (m2) and count of some values. */
export interface Moments {
  mean: number;
  m2: number;
  count: number;
}

/**
 * The moments of `values` in two passes: E[x^2] - E[x]^2 cancels badly on
 * large constant tensors (37.7 M values of 0.011 gave std 1.75e-7). Local
 * accumulators keep the loops in registers, which matters at 138 M values.
 */
export function moments(values: Float32Array | Float64Array): Moments {
  const count = values.length;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i]!;
  const mean = count > 0 ? sum / count : 0;
  let m2 = 0;
  for (let i = 0; i < count; i++) m2 += (values[i]! - mean) ** 2;
  return { mean, m2, count };
}

/** Merges `more` into `into` (Chan, Golub and LeVeque's pairwise update). */
export function mergeMoments(into: Moments, more: Moments): void {
  const count = into.count + more.count;
  if (count === 0) return;
  const delta = more.mean - into.mean;
  into.m2 += more.m2 + (delta * delta * into.count * more.count) / count;
  into.mean += (delta * more.count) / count;
  into.count = count;
}

/** The population std of `m`; 0 for no values. */
export function stdOf(m: Moments): number {
  return Math.sqrt(m.m2 / Math.max(m.count, 1));
}
