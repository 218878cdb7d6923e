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
