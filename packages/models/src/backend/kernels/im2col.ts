/**
 * im2col, transposed: the input patches of an NHWC convolution laid out
 * one filter tap and input channel per row, one output pixel per column,
 *
 *   P[(kh, kw, ci), k] = x[b, oh*sH + kh*dH - top, ow*sW + kw*dW - left, ci]
 *
 * for the output pixels k = (b, oh, ow) of whole output rows [r0, r0 +
 * count) (a row is one (b, oh)), zero where the position falls in the
 * padding. Multiplied by the same output pixels' rows of dy it gives their
 * share of the filter gradient, already in HWIO order.
 */
import type { ConvGeometry } from './conv-geometry.js';

/**
 * Writes the transposed patches of output rows [r0, r0 + count) of `x`
 * into `out` ([kh * kw * ci, count * ow], row-major).
 */
export function im2colTransposed(
  x: Float32Array,
  g: ConvGeometry,
  r0: number,
  count: number,
  out: Float32Array,
): void {
  const { inHeight: H, inWidth: W, inChannels: ci, outWidth: ow } = g;
  const cols = count * ow;
  const step = g.strideWidth * ci;

  for (let i = 0; i < g.filterHeight; i++) {
    for (let j = 0; j < g.filterWidth; j++) {
      const row = (i * g.filterWidth + j) * ci;
      // Output columns whose input column lies inside the image.
      const offset = j * g.dilationWidth - g.padInfo.left;
      const lo = Math.min(ow, Math.max(0, Math.ceil(-offset / g.strideWidth)));
      const hi = Math.max(
        lo,
        Math.min(ow, Math.ceil((W - offset) / g.strideWidth)),
      );
      for (let r = 0; r < count; r++) {
        const n = Math.floor((r0 + r) / g.outHeight);
        const oh = (r0 + r) % g.outHeight;
        const h = oh * g.strideHeight + i * g.dilationHeight - g.padInfo.top;
        const start = r * ow;
        if (h < 0 || h >= H) {
          for (let ch = 0; ch < ci; ch++) {
            const at = (row + ch) * cols + start;
            out.fill(0, at, at + ow);
          }
          continue;
        }
        const base = ((n * H + h) * W + lo * g.strideWidth + offset) * ci;
        for (let ch = 0; ch < ci; ch++) {
          const at = (row + ch) * cols + start;
          out.fill(0, at, at + lo);
          let s = base + ch;
          for (let c = at + lo; c < at + hi; c++, s += step) {
            out[c] = x[s] as number;
          }
          out.fill(0, at + hi, at + ow);
        }
      }
    }
  }
}
