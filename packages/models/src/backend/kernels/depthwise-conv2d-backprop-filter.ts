/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend, which ships
 * without it (tfjs 4.22). With x [b, H, W, c], a filter [kh, kw, c, m] and
 * dy [b, oh, ow, c*m]:
 *
 *   dW[kh, kw, c, q] = sum_{b, oh, ow}
 *     x[b, oh*s + kh*d - top, ow*s + kw*d - left, c] * dy[b, oh, ow, c*m + q]
 *
 * Computed by direct summation in plain JavaScript (no zoo architecture is
 * depthwise; correctness first). Strides, dilations and all paddings.
 */
import {
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import {
  convGeometry,
  forEachDepthwiseTap,
  type ConvGeometry,
} from './conv-geometry.js';

function depthwiseFilterGradient(
  x: Float32Array,
  dy: Float32Array,
  g: ConvGeometry,
): Float32Array {
  const { inChannels, outChannels, filterHeight, filterWidth } = g;
  const m = outChannels / inChannels;
  const dW = new Float32Array(filterHeight * filterWidth * outChannels);

  // Each dW element sums over (b, oh, ow) in that order, whichever way the
  // filter loops nest around them.
  forEachDepthwiseTap(g, (xBase, wBase, dyBase) => {
    for (let c = 0; c < inChannels; c++) {
      const xv = x[xBase + c] ?? 0;
      for (let q = 0; q < m; q++) {
        const o = c * m + q;
        dW[wBase + o] = (dW[wBase + o] ?? 0) + xv * (dy[dyBase + o] ?? 0);
      }
    }
  });
  return dW;
}

export const depthwiseConv2dBackpropFilterWasm: KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const backend = args.backend as BackendWasm;
  const attrs =
    args.attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const g = convGeometry(
    x.shape,
    attrs.filterShape,
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const values = depthwiseFilterGradient(
    backend.readSync(x.dataId) as Float32Array,
    backend.readSync(dy.dataId) as Float32Array,
    g,
  );
  return backend.makeOutput(attrs.filterShape, 'float32', undefined, values);
};

export const depthwiseConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropFilterWasm,
};
