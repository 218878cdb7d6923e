/**
 * A faster Conv2DBackpropInput for the wasm backend. tfjs-backend-wasm 4.22
 * has this kernel, but as a direct loop (about 3 GFLOP/s on one core, a
 * fifth of its XNNPACK forward convolution), and it is the larger half of
 * every conv layer's backward pass.
 *
 * The input gradient is the convolution of the output gradient with the
 * filter rotated by 180 degrees and its channel axes swapped (Dumoulin and
 * Visin 2016, "A guide to convolution arithmetic for deep learning",
 * section 4, transposed convolution). For stride s, kernel span
 * K = (k - 1) * d and forward padding (top, bottom):
 *
 *   dx = conv(dilate_s(dy), rot180(w) as [kh, kw, co, ci]), stride 1,
 *        dilation d, padding top' = K - top before and
 *        bottom' = H - ((oh - 1) * s + 1) - top' + K after,
 *
 * where dilate_s inserts s - 1 zeros between the rows and columns of dy.
 * It runs through the wasm backend's own Conv2D (XNNPACK). Geometries that
 * would need a negative padding (padding wider than the dilated kernel)
 * go to tfjs's own kernel, kept as the fallback.
 */
import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { convGeometry } from './conv-geometry.js';
import { runWasmKernel as run, Scratch } from './run-wasm-kernel.js';

/** Zeros between rows and columns: [b, oh, ow, c] -> [b, (oh-1)s+1, ...]. */
function dilate(
  dy: TensorInfo,
  sh: number,
  sw: number,
  backend: BackendWasm,
  scratch: Scratch,
): TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [b = 0, oh = 0, ow = 0, c = 0] = dy.shape;
  const six = scratch.keep(
    run('Reshape', { x: dy }, backend, { shape: [b, oh, 1, ow, 1, c] }),
  );
  const padded = scratch.keep(
    run('PadV2', { x: six }, backend, {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    }),
  );
  const flat = scratch.keep(
    run('Reshape', { x: padded }, backend, { shape: [b, oh * sh, ow * sw, c] }),
  );
  return scratch.keep(
    run('Slice', { x: flat }, backend, {
      begin: [0, 0, 0, 0],
      size: [b, (oh - 1) * sh + 1, (ow - 1) * sw + 1, c],
    }),
  );
}

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
    if (attrs.dataFormat !== 'NHWC' || Math.min(top, left, bottom, right) < 0) {
      return fallback(args);
    }

    const scratch = new Scratch(backend);
    const wide = dilate(dy, g.strideHeight, g.strideWidth, backend, scratch);
    const flipped = scratch.keep(
      run('Reverse', { x: filter }, backend, { dims: [0, 1] }),
    );
    const swapped = scratch.keep(
      run('Transpose', { x: flipped }, backend, { perm: [0, 1, 3, 2] }),
    );
    const dx = run('Conv2D', { x: wide, filter: swapped }, backend, {
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
