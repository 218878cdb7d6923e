/**
 * The input gradient of an NHWC convolution as a matrix product followed
 * by col2im, for strided convolutions and inputs of 1-3 channels:
 *
 *   C[k, (kh, kw, ci)] = sum over co of dy[k, co] * W[kh, kw, ci, co]
 *   dx[b, oh*sH + kh*dH - top, ow*sW + kw*dW - left, ci] += C[k, (kh, kw, ci)]
 *
 * for every output pixel k = (b, oh, ow) (terms that land in the padding
 * are dropped). The product runs through the wasm backend's BatchMatMul
 * (XNNPACK) on blocks of whole output rows of about `blockBytes`, with
 * W^T packed once for all blocks; the scatter-add is JavaScript over
 * contiguous runs of ci values. tfjs-backend-wasm's own kernel is a direct
 * loop at about 3 GFLOP/s (490 ms for AlexNet's conv1 at batch 8, a
 * gradient nothing uses since its input is the image, but tfjs computes
 * it); the transposed convolution of the stride-1 path would first insert
 * s - 1 zeros between dy's rows and columns, s * s times the work.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import type { ConvGeometry } from './conv-geometry.js';
import { runWasmKernel as run } from './run-wasm-kernel.js';

export function conv2dBackpropInputCol2im(
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
  backend: BackendWasm,
  bytes: number,
): TensorInfo {
  const { inHeight: H, inWidth: W, inChannels: ci, outChannels: co } = g;
  const { outHeight: oh, outWidth: ow } = g;
  const rows = g.filterHeight * g.filterWidth * ci;
  const total = g.batchSize * oh;
  const block = Math.min(
    total,
    Math.max(1, Math.floor(bytes / 4 / (rows + co) / ow)),
  );
  const flat = { ...filter, shape: [rows, co] };
  const filterT = run('Transpose', { x: flat }, backend, { perm: [1, 0] });
  const wT = { ...filterT, shape: [1, co, rows] };
  const dx = backend.makeOutput([g.batchSize, H, W, ci], 'float32');
  (backend.typedArrayFromHeap(dx) as Float32Array).fill(0);

  for (let r0 = 0; r0 < total; r0 += block) {
    const count = Math.min(block, total - r0);
    const cols = count * ow;
    const a = backend.makeOutput([1, cols, co], 'float32');
    const view = (t: TensorInfo): Float32Array =>
      backend.typedArrayFromHeap(t) as Float32Array;
    const k0 = r0 * ow;
    view(a).set(view(dy).subarray(k0 * co, (k0 + cols) * co));
    const product = run('BatchMatMul', { a, b: wT }, backend, {
      transposeA: false,
      transposeB: false,
    });
    // Views after the product: it may have grown (and moved) the heap.
    const c = view(product);
    const out = view(dx);
    for (let k = 0; k < cols; k++) {
      const o = (r0 * ow + k) % (oh * ow);
      const n = Math.floor((r0 * ow + k) / (oh * ow));
      const top = Math.floor(o / ow) * g.strideHeight - g.padInfo.top;
      const left = (o % ow) * g.strideWidth - g.padInfo.left;
      let from = k * rows;
      for (let i = 0; i < g.filterHeight; i++) {
        const h = top + i * g.dilationHeight;
        if (h < 0 || h >= H) {
          from += g.filterWidth * ci;
          continue;
        }
        for (let j = 0; j < g.filterWidth; j++, from += ci) {
          const w = left + j * g.dilationWidth;
          if (w < 0 || w >= W) continue;
          const to = ((n * H + h) * W + w) * ci;
          for (let ch = 0; ch < ci; ch++) {
            out[to + ch] = (out[to + ch] as number) + (c[from + ch] as number);
          }
        }
      }
    }
    backend.disposeData(a.dataId);
    backend.disposeData(product.dataId);
  }
  backend.disposeData(filterT.dataId);
  return dx;
}
