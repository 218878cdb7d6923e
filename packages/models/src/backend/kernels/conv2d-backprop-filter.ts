/**
 * Conv2DBackpropFilter for the wasm backend, which ships without it (tfjs
 * 4.22). Without this kernel no convolution can be trained on wasm.
 *
 * With x [b, H, W, ci] and dy [b, oh, ow, co] of a convolution with stride
 * s, dilation d and padding (top, left), the filter gradient is a matrix
 * product over im2col patches (Chellapilla, Puri and Simard, "High
 * performance convolutional neural networks for document processing",
 * 2006; Caffe's backward pass):
 *
 *   dW[(kh, kw, ci), co] = sum over k = (b, oh, ow) of
 *     P[(kh, kw, ci), k] * dy[k, co]
 *
 * with P the transposed patches of im2col.ts. The reduction runs over every
 * output pixel of the batch (401,408 for VGG-D's first layers at batch 8),
 * so it is cut into blocks of whole output rows: per block, P's columns
 * are gathered in JavaScript, dy's rows (contiguous in NHWC) copied beside
 * them, their product taken by the wasm backend's BatchMatMul (XNNPACK's
 * GEMM, SIMD), and the partial products added by its Add. The result is in
 * HWIO order. A block's P and dy together are kept near `blockBytes`
 * (8 MB was fastest, or within 5%, of 0.25 to 16 MB on AlexNet's and
 * VGG-D's layers), which also bounds the scratch memory whatever the
 * batch: a whole P is kh * kw times the size of x.
 *
 * This replaced a swapped convolution through XNNPACK (x transposed to
 * [ci, H, W, b] convolved with dy transposed to [oh, ow, b, co]), which
 * ran at 3.5 GFLOP/s on VGG-D's conv1_1 (a 224x224 "filter" over 3 input
 * "pixels"), 8.6 on conv1_2, and needed two transposed copies plus an
 * XNNPACK packing and indirection buffer of about the size of dy: 400 MB
 * at once for conv1_2 at batch 8. Any stride, dilation and padding works;
 * `dilations` is read when present (tfjs's Conv2D gradient does not pass
 * it; see the README's limitations).
 */
import {
  Conv2DBackpropFilter,
  util,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { convGeometryOf, type Pair } from './conv-geometry.js';
import { im2colTransposed } from './im2col.js';
import { runWasmKernel as run } from './run-wasm-kernel.js';
import { winogradFilterGradient, winogradFilterPays } from './winograd.js';

type Attrs = Conv2DBackpropFilterAttrs & { dilations?: number | Pair };

/** Bytes of one block of patches and dy rows together. */
export const blockBytes = 2 ** 23;

/** The kernel, with the block size as a parameter for tests. */
export function conv2dBackpropFilterBlocked(bytes: number): KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const backend = args.backend as BackendWasm;
    const attrs = args.attrs as unknown as Attrs;
    if (attrs.dataFormat !== 'NHWC') {
      throw new Error(
        'Conv2DBackpropFilter (wasm): dataFormat must be NHWC; ' +
          `got ${attrs.dataFormat}`,
      );
    }
    const g = convGeometryOf(x.shape, attrs.filterShape, attrs);
    const rows = g.filterHeight * g.filterWidth * g.inChannels;
    const co = g.outChannels;
    const ow = g.outWidth;
    const total = g.batchSize * g.outHeight;
    if (total * ow === 0 || rows * co === 0) {
      const zeros = new Float32Array(util.sizeFromShape(attrs.filterShape));
      return backend.makeOutput(attrs.filterShape, 'float32', undefined, zeros);
    }
    // Whole output rows (one (b, oh) each) per block.
    const block = Math.min(
      total,
      Math.max(1, Math.floor(bytes / 4 / (rows + co) / ow)),
    );

    let sum: TensorInfo | undefined;
    for (let r0 = 0; r0 < total; r0 += block) {
      const count = Math.min(block, total - r0);
      const cols = count * ow;
      const a = backend.makeOutput([1, rows, cols], 'float32');
      const b = backend.makeOutput([1, cols, co], 'float32');
      // Views after makeOutput: allocating may grow (and move) the heap.
      const view = (t: TensorInfo): Float32Array =>
        backend.typedArrayFromHeap(t) as Float32Array;
      const k0 = r0 * ow;
      view(b).set(view(dy).subarray(k0 * co, (k0 + cols) * co));
      im2colTransposed(view(x), g, r0, count, view(a));
      const product = run('BatchMatMul', { a, b }, backend, {
        transposeA: false,
        transposeB: false,
      });
      const dead = [a, b];
      if (sum === undefined) {
        sum = product;
      } else {
        dead.push(sum, product);
        sum = run('Add', { a: sum, b: product }, backend, {});
      }
      for (const t of dead) backend.disposeData(t.dataId);
    }
    // [1, rows, co] is [kh, kw, ci, co]; shapes are views, as in Reshape.
    return { ...(sum as TensorInfo), shape: attrs.filterShape };
  };
}

const blocked = conv2dBackpropFilterBlocked(blockBytes);

/**
 * The kernel: Winograd's F(4x4, 3x3) where it is faster (3x3, stride-1
 * layers of 64 channels or more; winograd.ts), im2col and GEMM otherwise.
 */
const conv2dBackpropFilterWasm: KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as Attrs;
  const float32 = x.dtype === 'float32' && dy.dtype === 'float32';
  if (attrs.dataFormat === 'NHWC' && float32) {
    const g = convGeometryOf(x.shape, attrs.filterShape, attrs);
    if (winogradFilterPays(g)) {
      return winogradFilterGradient(x, dy, g, args.backend as BackendWasm);
    }
  }
  return blocked(args);
};

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterWasm,
};
