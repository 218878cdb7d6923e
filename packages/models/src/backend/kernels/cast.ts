/**
 * Cast for the wasm backend: a cast to the dtype a tensor already has
 * shares its memory, as in tfjs's cpu backend; other casts go to tfjs's
 * kernel, kept as the fallback.
 *
 * tfjs-backend-wasm 4.22 copies in that case. Every ReLU gradient casts
 * its float32 mask to float32 (dy * cast(step(x))), so VGG-D's first
 * layers at batch 8 held a 98 MB copy for nothing at the peak of a
 * training step.
 */
import {
  Cast,
  type CastAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Builds the kernel around `fallback`, tfjs's own Cast. */
export function castWasm(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { dtype } = args.attrs as unknown as CastAttrs;
    if (dtype !== x.dtype || dtype === 'string') {
      return fallback(args);
    }
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype };
  };
}

/** The kernel config, wrapping the kernel it replaces. */
export function castConfig(fallback: KernelFunc): KernelConfig {
  return {
    kernelName: Cast,
    backendName: 'wasm',
    kernelFunc: castWasm(fallback),
  };
}
