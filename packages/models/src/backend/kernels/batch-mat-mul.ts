/**
 * A faster BatchMatMul for the wasm backend when an operand is transposed,
 * as in every dense layer's backward pass (dW = x^T dy, dx = dy W^T).
 *
 * tfjs-backend-wasm 4.22 multiplies untransposed operands quickly but
 * reads a transposed one with a strided loop: on the 64x3136 by 64x256
 * weight gradient of a dense layer, 104 ms against 16 ms for an explicit
 * Transpose followed by the untransposed product (measured on this
 * machine). So transposed operands are materialised first; untransposed
 * products go straight to tfjs's kernel, kept as the fallback.
 */
import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { runWasmKernel as run, Scratch } from './run-wasm-kernel.js';

/** Builds the kernel around `fallback`, tfjs's own BatchMatMul. */
export function batchMatMulWasm(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const attrs = args.attrs as unknown as BatchMatMulAttrs;
    if (!attrs.transposeA && !attrs.transposeB) {
      return fallback(args);
    }
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const backend = args.backend as BackendWasm;
    const scratch = new Scratch(backend);
    /** `t` with its last two axes swapped. */
    const swapped = (t: TensorInfo): TensorInfo => {
      const perm = t.shape.map((_, i) => i);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [r - 1, r - 2];
      return scratch.keep(run('Transpose', { x: t }, backend, { perm }));
    };
    const product = fallback({
      ...args,
      inputs: {
        a: attrs.transposeA ? swapped(a) : a,
        b: attrs.transposeB ? swapped(b) : b,
      },
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    });
    scratch.dispose();
    return product;
  };
}

/** The kernel config, wrapping the kernel it replaces. */
export function batchMatMulConfig(fallback: KernelFunc): KernelConfig {
  return {
    kernelName: BatchMatMul,
    backendName: 'wasm',
    kernelFunc: batchMatMulWasm(fallback),
  };
}
