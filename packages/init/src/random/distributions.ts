import type { FloatArray } from '../types.js';
import { checkFinite, checkStart } from './checks.js';
import { kernels, runKernel } from './kernels.js';
import type { RandomStream } from './stream.js';

export type { FloatArray } from '../types.js';
export { fillTruncatedNormal, truncatedNormalStd } from './truncated-normal.js';

/**
 * Fills `out` with elements [start, start + out.length) of U(low, high).
 * Element i uses word i of the stream: u_i = ((w_i >>> 8) + 0.5) 2^-24, a
 * 24-bit uniform in the open interval (0, 1), and x_i = low + (high - low)
 * u_i.
 *
 * Float32Array outputs are computed in f32 arithmetic by the SIMD kernel,
 * with u_i rounded to f32 and kept below 1, then clamped to [fround(low),
 * fround(high)]: within 2^-22 (|low| + high - low) of the f64 formula and
 * never outside the interval, though a bound can be reached (by the final
 * rounding to f32, or the clamp when |low| is much larger than the width).
 * Float64Array outputs are computed in f64, bit for bit the formula above,
 * in the open interval for [0, 1].
 *
 * high - low must be finite (in f32 for a Float32Array), else the values
 * would be infinite.
 *
 * @example
 * fillUniform(new RandomStream(0, 'conv1.weight'), w, -0.1, 0.1);
 */
export function fillUniform(
  stream: RandomStream,
  out: FloatArray,
  low: number,
  high: number,
  start = 0,
): void {
  checkStart('fillUniform', start);
  checkFinite('fillUniform', 'low', low);
  checkFinite('fillUniform', 'high', high);
  const width = high - low;
  if (!Number.isFinite(width)) {
    throw new RangeError(
      `fillUniform: high - low must be finite; got ${high} - ${low} = ${width}`,
    );
  }
  if (out instanceof Float32Array) {
    const low32 = Math.fround(low);
    const high32 = Math.fround(high);
    const width32 = Math.fround(width);
    if (![low32, high32, width32].every(Number.isFinite)) {
      throw new RangeError(
        `fillUniform: low, high and high - low must be finite in float32 ` +
          `for a Float32Array; got low ${low}, high ${high}`,
      );
    }
    runKernel(stream.philoxWords, out, start, 4, 'f32', (units, lo, hi) =>
      kernels().uniform32(units, lo, hi, low32, width32, high32),
    );
  } else {
    runKernel(stream.philoxWords, out, start, 8, 'f64', (units, lo, hi) =>
      kernels().uniform64(units, lo, hi, low, width),
    );
  }
}

/**
 * Fills `out` with elements [start, start + out.length) of N(mean, std^2)
 * by the Box-Muller transform (Box and Muller, "A note on the generation of
 * random normal deviates", Ann. Math. Statist. 1958): elements 2j and
 * 2j + 1 are mean + std r cos(t) and mean + std r sin(t), with
 * r = sqrt(-2 ln u_2j) and t = 2 pi u_2j+1 (u as in fillUniform).
 *
 * Computed in f32 by the SIMD kernel, with polynomial ln, sin and cos; a
 * standard normal is within 1e-6 of the f64 formula (the tests check it).
 * Float64Array outputs receive the same f32 values. With 24-bit uniforms
 * the tails stop at sqrt(2 ln 2^25) = 5.9 std.
 *
 * @example
 * fillNormal(new RandomStream(0, 'fc.weight'), w, 0, 0.01);
 */
export function fillNormal(
  stream: RandomStream,
  out: FloatArray,
  mean: number,
  std: number,
  start = 0,
): void {
  checkStart('fillNormal', start);
  checkFinite('fillNormal', 'mean', mean);
  checkFinite('fillNormal', 'std', std);
  runKernel(stream.philoxWords, out, start, 4, 'f32', (units, lo, hi) =>
    kernels().normal32(units, lo, hi, mean, std),
  );
}
