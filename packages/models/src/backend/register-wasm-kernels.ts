/**
 * The kernels that tfjs-backend-wasm 4.22 lacks, or has only in a slower
 * form, registered for 'wasm'. One list, alphabetical.
 *
 * Audited against a training step of every zoo architecture: the wasm
 * backend already has AvgPoolGrad, EluGrad, LRNGrad, MaxPoolGrad, and the
 * elementwise ops that the Relu, Relu6, Sigmoid, Tanh, Softmax, BatchNorm,
 * Concat, Slice, SplitV and Pad gradients are built of. It lacks
 * Conv2DBackpropFilter and both depthwise backprop kernels. Its
 * Conv2DBackpropInput, BatchMatMul of transposed operands, MaxPoolGrad and
 * Sum over leading axes are replaced by faster ones; its Conv2D and
 * FusedConv2D by ones that take Winograd's algorithm where it pays; its
 * Identity, which copies every tensor the tape saves, and its Cast to the
 * same dtype by ones that share the input's memory (all but MaxPoolGrad
 * keep the originals as fallbacks).
 */
import {
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';

import { batchMatMulConfig } from './kernels/batch-mat-mul.js';
import { castConfig } from './kernels/cast.js';
import { conv2dConfig, fusedConv2dConfig } from './kernels/conv2d.js';
import { conv2dBackpropFilterConfig } from './kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './kernels/conv2d-backprop-input.js';
import { depthwiseConv2dBackpropFilterConfig } from './kernels/depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputConfig } from './kernels/depthwise-conv2d-backprop-input.js';
import { identityConfig } from './kernels/identity.js';
import { maxPoolGradConfig } from './kernels/max-pool-grad.js';
import { sumConfig } from './kernels/sum.js';

/** Kernels wasm does not have at all. */
export const wasmGradientKernels: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
];

/** Kernels wasm has, replaced by faster ones that wrap them. */
const replacements: Readonly<
  Record<string, (fallback: KernelFunc) => KernelConfig>
> = {
  BatchMatMul: batchMatMulConfig,
  Cast: castConfig,
  Conv2D: conv2dConfig,
  Conv2DBackpropInput: conv2dBackpropInputConfig,
  FusedConv2D: fusedConv2dConfig,
  Identity: identityConfig,
  MaxPoolGrad: () => maxPoolGradConfig,
  Sum: sumConfig,
};

const replaced = new Map<string, KernelConfig>();

/**
 * Registers the wasm gradient kernels; idempotent, and a missing kernel
 * that a later tfjs release provides itself is left alone. Returns the
 * names registered by this call.
 */
export function registerWasmKernels(): string[] {
  const added: string[] = [];
  for (const config of wasmGradientKernels) {
    if (getKernel(config.kernelName, 'wasm') === undefined) {
      registerKernel(config);
      added.push(config.kernelName);
    }
  }
  for (const [name, wrap] of Object.entries(replacements)) {
    const current = getKernel(name, 'wasm');
    if (current === undefined || current === replaced.get(name)) continue;
    unregisterKernel(name, 'wasm');
    // The old kernel's setupFunc binds its wasm function at backend start.
    let config = wrap(current.kernelFunc);
    if (current.setupFunc !== undefined) {
      config = { ...config, setupFunc: current.setupFunc };
    }
    registerKernel(config);
    replaced.set(name, config);
    added.push(name);
  }
  return added;
}
