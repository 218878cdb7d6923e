/**
 * A faster BatchMatMul for the wasm backend when an operand is transposed,
 * as in every dense layer's backward pass (dW = x^T dy, dx = dy W^T).
 *
 * tfjs-backend-wasm 4.22 multiplies untransposed operands quickly but
 * reads a transposed one with a strided loop: on the 64x3136 by 64x256
 * weight gradient of a dense layer, 104 ms against 16 ms for an explicit
 * Transpose followed by the untransposed product (measured on this
 * machine). So transposes are materialised and the product taken
 * untransposed, choosing the cheaper of two equivalent forms, by the
 * values copied:
 *
 *   A^T B   = (A^T) B       or  ((B^T) A)^T
 *   A B^T   = A (B^T)       or  (B (A^T))^T
 *   A^T B^T = (B A)^T
 *
 * so that a large weight matrix (VGG's 25088x4096) is never copied for
 * dx = dy W^T. Untransposed products go straight to tfjs's kernel, kept
 * as the fallback.
 */
import {
  BatchMatMul,
  util,
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
    const { transposeA, transposeB } = attrs;
    if (!transposeA && !transposeB) {
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
      return run('Transpose', { x: t }, backend, { perm });
    };
    const keep = (t: TensorInfo): TensorInfo => scratch.keep(swapped(t));
    /** The untransposed product x y. */
    const times = (x: TensorInfo, y: TensorInfo): TensorInfo =>
      fallback({
        ...args,
        inputs: { a: x, b: y },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      }) as TensorInfo;
    const size = (t: TensorInfo): number => util.sizeFromShape(t.shape);
    const rows = transposeA ? a.shape.at(-1) : a.shape.at(-2);
    const cols = transposeB ? b.shape.at(-2) : b.shape.at(-1);
    const batch = Math.max(
      util.sizeFromShape(a.shape.slice(0, -2)),
      util.sizeFromShape(b.shape.slice(0, -2)),
    );
    const out = batch * (rows ?? 1) * (cols ?? 1);

    let product: TensorInfo;
    if (transposeA && transposeB) {
      product = swapped(scratch.keep(times(b, a)));
    } else if (transposeA) {
      product =
        size(a) <= size(b) + out
          ? times(keep(a), b)
          : swapped(scratch.keep(times(keep(b), a)));
    } else {
      product =
        size(b) <= size(a) + out
          ? times(a, keep(b))
          : swapped(scratch.keep(times(b, keep(a))));
    }
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
