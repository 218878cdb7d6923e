/**
 * Identity for the wasm backend that shares its input's memory instead of
 * copying it, as tfjs's cpu backend does (and as wasm's own Reshape does).
 *
 * The engine clones every tensor a gradient needs (saveTensorsForBackward-
 * Mode, and `save` in customGrad ops such as fused conv2d and matMul) with
 * Identity. tfjs-backend-wasm 4.22 copies the bytes, so under a tape every
 * activation a gradient keeps exists twice and every weight is copied once
 * per use: for VGG-D at batch 8, 0.9 GB of activation copies and two
 * 392 MB copies of fc6's kernel, more than a 4 GB wasm32 heap holds with
 * the rest of a training step. Tensors are immutable in tfjs (a variable's
 * assign swaps its buffer rather than writing into it), so a reference
 * count is enough. Strings go to tfjs's kernel, kept as the fallback.
 */
import {
  Identity,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Builds the kernel around `fallback`, tfjs's own Identity. */
export function identityWasm(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') {
      return fallback(args);
    }
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/** The kernel config, wrapping the kernel it replaces. */
export function identityConfig(fallback: KernelFunc): KernelConfig {
  return {
    kernelName: Identity,
    backendName: 'wasm',
    kernelFunc: identityWasm(fallback),
  };
}
