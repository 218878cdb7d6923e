/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend, which ships
 * without it (tfjs 4.22). With a filter [kh, kw, c, m] and dy
 * [b, oh, ow, c*m], each output gradient scatters back to the input
 * positions it read:
 *
 *   dx[b, oh*s + kh*d - top, ow*s + kw*d - left, c]
 *     += w[kh, kw, c, q] * dy[b, oh, ow, c*m + q]
 *
 * Computed by direct scatter in plain JavaScript (no zoo architecture is
 * depthwise; correctness first). Strides, dilations and all paddings.
 */
import {
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
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

function depthwiseInputGradient(
  w: Float32Array,
  dy: Float32Array,
  g: ConvGeometry,
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outChannels } = g;
  const m = outChannels / inChannels;
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);

  forEachDepthwiseTap(g, (xBase, wBase, dyBase) => {
    for (let c = 0; c < inChannels; c++) {
      let acc = 0;
      for (let q = 0; q < m; q++) {
        const o = c * m + q;
        acc += (w[wBase + o] ?? 0) * (dy[dyBase + o] ?? 0);
      }
      dx[xBase + c] = (dx[xBase + c] ?? 0) + acc;
    }
  });
  return dx;
}

export const depthwiseConv2dBackpropInputWasm: KernelFunc = (args) => {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const backend = args.backend as BackendWasm;
  const attrs =
    args.attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const g = convGeometry(
    attrs.inputShape,
    filter.shape,
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const values = depthwiseInputGradient(
    backend.readSync(filter.dataId) as Float32Array,
    backend.readSync(dy.dataId) as Float32Array,
    g,
  );
  return backend.makeOutput(attrs.inputShape, 'float32', undefined, values);
};

export const depthwiseConv2dBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropInputWasm,
};
