/**
 * Conv2DBackpropFilter for the wasm backend, which ships without it (tfjs
 * 4.22). Without this kernel no convolution can be trained on wasm.
 *
 * The filter gradient is itself a convolution. With x [b, H, W, ci] and
 * dy [b, oh, ow, co] of a convolution with stride s, dilation d and padding
 * (top, left):
 *
 *   dW[kh, kw, ci, co] = sum_{b, oh, ow}
 *     x[b, oh*s + kh*d - top, ow*s + kw*d - left, ci] * dy[b, oh, ow, co]
 *
 * which is the convolution of xT = x transposed to [ci, H, W, b] (batch and
 * channels swapped) by the filter dyT = dy transposed to [oh, ow, b, co],
 * with stride d and dilation s (the two swap roles), padding (top, left)
 * before and whatever makes the output exactly [ci, kh, kw, co] after; a
 * transpose gives [kh, kw, ci, co]. That convolution runs through the wasm
 * backend's own Conv2D (XNNPACK, SIMD), the fastest code tfjs has on a CPU.
 * Reference: the same identity underlies cuDNN's and MKL-DNN's backward-
 * weights algorithms; Dumoulin and Visin, "A guide to convolution arithmetic
 * for deep learning" (2016), section 4.
 *
 * Not covered by the fast path: stride > 1 together with dilation > 1 on
 * the same axis (tfjs's conv2d refuses that combination, so the swapped
 * convolution would too). Those fall back to direct summation in plain
 * JavaScript, correct but about 30 times slower.
 *
 * Beyond TensorFlow's attributes, `dilations` is read when present (tfjs's
 * Conv2D gradient does not pass it; see the README's limitations).
 */
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { conv2dBackpropFilterDirect } from './conv2d-backprop-filter-direct.js';
import { convGeometry, pair, type Pair } from './conv-geometry.js';
import { runWasmKernel as run, Scratch } from './run-wasm-kernel.js';

type Attrs = Conv2DBackpropFilterAttrs & { dilations?: number | Pair };

export const conv2dBackpropFilterWasm: KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const backend = args.backend as BackendWasm;
  const attrs = args.attrs as unknown as Attrs;
  if (attrs.dataFormat !== 'NHWC') {
    throw new Error(
      'Conv2DBackpropFilter (wasm): dataFormat must be NHWC; ' +
        `got ${attrs.dataFormat}`,
    );
  }
  const dilations = pair(attrs.dilations ?? 1);
  const g = convGeometry(
    x.shape,
    attrs.filterShape,
    attrs.strides,
    dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
  );
  const [H, W] = [g.inHeight, g.inWidth];
  const { top, left } = g.padInfo;
  // Padded rows the swapped convolution must span to yield kh outputs.
  const rows =
    (g.filterHeight - 1) * g.dilationHeight +
    (g.outHeight - 1) * g.strideHeight +
    1;
  const cols =
    (g.filterWidth - 1) * g.dilationWidth +
    (g.outWidth - 1) * g.strideWidth +
    1;
  const bottom = rows - top - H;
  const right = cols - left - W;
  const both = (s: number, d: number): boolean => s > 1 && d > 1;
  if (
    both(g.strideHeight, g.dilationHeight) ||
    both(g.strideWidth, g.dilationWidth) ||
    rows - top <= 0 ||
    cols - left <= 0
  ) {
    const xs = backend.readSync(x.dataId) as Float32Array;
    const dys = backend.readSync(dy.dataId) as Float32Array;
    const values = conv2dBackpropFilterDirect(xs, dys, g);
    return backend.makeOutput(attrs.filterShape, 'float32', undefined, values);
  }

  const scratch = new Scratch(backend);
  const keep = (t: TensorInfo): TensorInfo => scratch.keep(t);
  let xT = keep(run('Transpose', { x }, backend, { perm: [3, 1, 2, 0] }));
  if (bottom < 0 || right < 0) {
    // Rows or columns the forward convolution never read: crop them.
    const size = [
      g.inChannels,
      H + Math.min(bottom, 0),
      W + Math.min(right, 0),
      g.batchSize,
    ];
    xT = keep(run('Slice', { x: xT }, backend, { begin: [0, 0, 0, 0], size }));
  }
  const dyT = keep(
    run('Transpose', { x: dy }, backend, { perm: [1, 2, 0, 3] }),
  );
  const pad = [
    [0, 0],
    [top, Math.max(bottom, 0)],
    [left, Math.max(right, 0)],
    [0, 0],
  ];
  const conv = keep(
    run('Conv2D', { x: xT, filter: dyT }, backend, {
      strides: [g.dilationHeight, g.dilationWidth],
      dilations: [g.strideHeight, g.strideWidth],
      pad,
      dataFormat: 'NHWC',
    }),
  );
  const dW = run('Transpose', { x: conv }, backend, { perm: [1, 2, 0, 3] });

  scratch.dispose();
  return dW;
};

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterWasm,
};
