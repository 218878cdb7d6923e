/**
 * A faster Conv2DBackpropInput for the wasm backend. tfjs-backend-wasm 4.22
 * has this kernel, but as a direct loop (about 3 GFLOP/s on one core, a
 * fifth of its XNNPACK forward convolution), and it is the larger half of
 * every conv layer's backward pass.
 *
 * For stride 1 the input gradient is the convolution of the output
 * gradient with the filter rotated by 180 degrees and its channel axes
 * swapped (Dumoulin and Visin 2016, "A guide to convolution arithmetic for
 * deep learning", section 4, transposed convolution). With kernel span
 * K = (k - 1) * d and forward padding (top, bottom):
 *
 *   dx = conv(dy, rot180(w) as [kh, kw, co, ci]), stride 1, dilation d,
 *        padding top' = K - top before, bottom' = H - oh - top' + K after,
 *
 * run through the wasm backend's own Conv2D (XNNPACK). Strided convolutions,
 * geometries that would need a negative padding, and inputs of 1-3
 * channels take a matrix product and col2im instead (col2im.ts); the
 * transposed form would first insert
 * s - 1 zeros between dy's rows and columns, s * s times the work (AlexNet's
 * conv1, stride 4: measured 3 times slower than tfjs's loop). NCHW goes to
 * tfjs's own kernel, kept as the fallback.
 */
import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { conv2dBackpropInputCol2im } from './col2im.js';
import { blockBytes } from './conv2d-backprop-filter.js';
import { convGeometry } from './conv-geometry.js';
import { runWasmKernel as run, Scratch } from './run-wasm-kernel.js';

/** Builds the kernel around `fallback`, tfjs's own Conv2DBackpropInput. */
export function conv2dBackpropInputWasm(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as {
      dy: TensorInfo;
      filter: TensorInfo;
    };
    const backend = args.backend as BackendWasm;
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const g = convGeometry(
      attrs.inputShape,
      filter.shape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
    );
    const spanH = (g.filterHeight - 1) * g.dilationHeight;
    const spanW = (g.filterWidth - 1) * g.dilationWidth;
    const top = spanH - g.padInfo.top;
    const left = spanW - g.padInfo.left;
    // Rows the dilated dy covers, plus both paddings, minus the kernel
    // span, must give back the input height.
    const bottom =
      g.inHeight - ((g.outHeight - 1) * g.strideHeight + 1) - top + spanH;
    const right =
      g.inWidth - ((g.outWidth - 1) * g.strideWidth + 1) - left + spanW;
    if (attrs.dataFormat !== 'NHWC') {
      return fallback(args);
    }
    // With 1-3 input channels XNNPACK's convolution has that few output
    // channels to tile, and col2im is faster (VGG-D conv1_1 at batch 8:
    // 98 ms against 123).
    const strided = g.strideHeight > 1 || g.strideWidth > 1;
    const narrow = g.inChannels < 4;
    if (strided || narrow || Math.min(top, left, bottom, right) < 0) {
      return conv2dBackpropInputCol2im(dy, filter, g, backend, blockBytes);
    }

    const scratch = new Scratch(backend);
    const flipped = scratch.keep(
      run('Reverse', { x: filter }, backend, { dims: [0, 1] }),
    );
    const swapped = scratch.keep(
      run('Transpose', { x: flipped }, backend, { perm: [0, 1, 3, 2] }),
    );
    const dx = run('Conv2D', { x: dy, filter: swapped }, backend, {
      strides: 1,
      dilations: [g.dilationHeight, g.dilationWidth],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    });
    scratch.dispose();
    return dx;
  };
}

/** The kernel config, wrapping the kernel it replaces. */
export function conv2dBackpropInputConfig(fallback: KernelFunc): KernelConfig {
  return {
    kernelName: Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: conv2dBackpropInputWasm(fallback),
  };
}
