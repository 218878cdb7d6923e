/**
 * Convolution geometry shared by the gradient kernels: tfjs's own
 * computeConv2DInfo, with the attribute defaults written out.
 */
import { backend_util } from '@tensorflow/tfjs-core';

export type Pair = [number, number];

/** The padding forms tfjs accepts for 2-D convolutions. */
export type ConvPadding =
  'valid' | 'same' | number | backend_util.ExplicitPadding;

/** Everything a 2-D convolution's gradient needs to know about its shape. */
export type ConvGeometry = backend_util.Conv2DInfo;

/** A scalar or a pair, as a pair. */
export function pair(value: number | Pair): Pair {
  return typeof value === 'number' ? [value, value] : value;
}

/**
 * The geometry of an NHWC convolution of `xShape` by `filterShape`, as the
 * forward kernel computed it.
 */
export function convGeometry(
  xShape: number[],
  filterShape: number[],
  strides: number | Pair,
  dilations: number | Pair,
  pad: ConvPadding,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  depthwise: boolean,
): ConvGeometry {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    depthwise,
    'channelsLast',
  );
}

/** The attributes of a convolution kernel that fix its geometry. */
export interface ConvAttrs {
  strides: number | Pair;
  pad: ConvPadding;
  dilations?: number | Pair;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * convGeometry of a regular NHWC convolution from its kernel's attributes;
 * no `dilations` is dilation 1.
 */
export function convGeometryOf(
  xShape: number[],
  filterShape: number[],
  attrs: ConvAttrs,
): ConvGeometry {
  return convGeometry(
    xShape,
    filterShape,
    attrs.strides,
    pair(attrs.dilations ?? 1),
    attrs.pad,
    attrs.dimRoundingMode,
    false,
  );
}

/**
 * Visits the taps of a depthwise convolution of geometry `g`: every pair of
 * an output position and a filter position whose input position lies inside
 * the input (padding taps are skipped). `visit` gets the flat offsets of the
 * NHWC input pixel, the [kh, kw, c, m] filter position and the NHWC dy
 * pixel. Both depthwise gradients are sums over these taps. The order is
 * (b, oh, ow, kh, kw); for any one gradient element its terms arrive in
 * that order, so the float32 sums are the same as a loop nest in that order.
 */
export function forEachDepthwiseTap(
  g: ConvGeometry,
  visit: (xBase: number, wBase: number, dyBase: number) => void,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outChannels } = g;
  const { outHeight, outWidth, filterHeight, filterWidth } = g;

  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih =
            oh * g.strideHeight + kh * g.dilationHeight - g.padInfo.top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw =
              ow * g.strideWidth + kw * g.dilationWidth - g.padInfo.left;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const wBase = (kh * filterWidth + kw) * outChannels;
            visit(xBase, wBase, dyBase);
          }
        }
      }
    }
  }
}
