/**
 * MaxPoolGrad for the wasm backend, in JavaScript over the wasm heap.
 *
 * tfjs-backend-wasm 4.22's own kernel walks, for every input pixel, all
 * the windows that may contain it (28 ms for the two 2x2 pools of a small
 * convnet's batch of 64, seven times its forward MaxPool). Here each
 * window is scanned once, channels innermost so that memory is read in
 * order, and its output gradient goes to the first position holding the
 * window's maximum, as in tfjs's cpu backend and TensorFlow.
 */
import {
  backend_util,
  MaxPoolGrad,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export const maxPoolGradWasm: KernelFunc = (args) => {
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const backend = args.backend as BackendWasm;
  const attrs = args.attrs as unknown as MaxPoolGradAttrs;
  const g = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const dx = backend.makeOutput(input.shape, 'float32');
  // Views after makeOutput: allocating may grow (and move) the heap.
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const gy = backend.typedArrayFromHeap(dy) as Float32Array;
  const gx = backend.typedArrayFromHeap(dx) as Float32Array;
  gx.fill(0);
  const { inHeight: H, inWidth: W, inChannels: C } = g;
  const best = new Float32Array(C);
  const at = new Int32Array(C);
  let o = 0;
  for (let n = 0; n < g.batchSize; n++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      const top = oh * g.strideHeight - g.padInfo.top;
      for (let ow = 0; ow < g.outWidth; ow++, o += C) {
        const left = ow * g.strideWidth - g.padInfo.left;
        best.fill(-Infinity);
        at.fill(-1);
        for (let kh = 0; kh < g.effectiveFilterHeight; kh++) {
          const h = top + kh;
          if (h < 0 || h >= H) continue;
          for (let kw = 0; kw < g.effectiveFilterWidth; kw++) {
            const w = left + kw;
            if (w < 0 || w >= W) continue;
            const base = ((n * H + h) * W + w) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c] as number;
              if (v > (best[c] as number)) {
                best[c] = v;
                at[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) {
          const i = at[c] as number;
          if (i >= 0) gx[i] = (gx[i] as number) + (gy[o + c] as number);
        }
      }
    }
  }
  return dx;
};

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm,
};
