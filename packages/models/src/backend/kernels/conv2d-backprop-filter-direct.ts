/**
 * The filter gradient of an NHWC convolution, computed by direct summation:
 *
 *   dW[kh, kw, ci, co] = sum over b, oh, ow of
 *     x[b, oh * sH + kh * dH - padTop, ow * sW + kw * dW - padLeft, ci]
 *       * dy[b, oh, ow, co]
 *
 * (terms whose input position falls in the padding are zero): the
 * independent reference the wasm Conv2DBackpropFilter kernel's tests
 * compare against, for geometries tfjs's cpu backend cannot compute
 * (stride and dilation both above 1). Plain JavaScript, about 1 GFLOP/s.
 */
import type { ConvGeometry } from './conv-geometry.js';

export function conv2dBackpropFilterDirect(
  x: Float32Array,
  dy: Float32Array,
  g: ConvGeometry,
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outChannels } = g;
  const { outHeight, outWidth, filterHeight, filterWidth } = g;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  const dW = new Float32Array(
    filterHeight * filterWidth * inChannels * outChannels,
  );

  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const wBase = (kh * filterWidth + kw) * inChannels * outChannels;
      for (let b = 0; b < batchSize; b++) {
        for (let oh = 0; oh < outHeight; oh++) {
          const ih = oh * g.strideHeight + kh * g.dilationHeight - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let ow = 0; ow < outWidth; ow++) {
            const iw = ow * g.strideWidth + kw * g.dilationWidth - left;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              const xv = x[xBase + ci] ?? 0;
              if (xv === 0) continue;
              const row = wBase + ci * outChannels;
              for (let co = 0; co < outChannels; co++) {
                dW[row + co] =
                  (dW[row + co] ?? 0) + xv * (dy[dyBase + co] ?? 0);
              }
            }
          }
        }
      }
    }
  }
  return dW;
}
