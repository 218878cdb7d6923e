/**
 * The gradient kernels that tfjs-backend-wasm 4.22 lacks, or has only as a
 * slow loop, registered for 'wasm'. One list, alphabetical.
 *
 * Audited against a training step of every zoo architecture: the wasm
 * backend already has AvgPoolGrad, EluGrad, LRNGrad, MaxPoolGrad, and the
 * elementwise ops that the Relu, Relu6, Sigmoid, Tanh, Softmax, BatchNorm,
 * Concat, Slice, SplitV and Pad gradients are built of. It lacks
 * Conv2DBackpropFilter and both depthwise backprop kernels; its
 * Conv2DBackpropInput is replaced by a faster one that keeps it as the
 * fallback.
 */
import {
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
} from '@tensorflow/tfjs-core';

import { conv2dBackpropFilterConfig } from './kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './kernels/conv2d-backprop-input.js';
import { depthwiseConv2dBackpropFilterConfig } from './kernels/depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputConfig } from './kernels/depthwise-conv2d-backprop-input.js';

/** Kernels wasm does not have at all. */
export const wasmGradientKernels: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
];

/** Kernels wasm has, replaced by faster ones that wrap them. */
export const wasmReplacedKernels: readonly string[] = ['Conv2DBackpropInput'];

let replaced: KernelConfig | undefined;

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
  const current = getKernel('Conv2DBackpropInput', 'wasm');
  if (current !== undefined && current !== replaced) {
    unregisterKernel('Conv2DBackpropInput', 'wasm');
    // The old kernel's setupFunc binds its wasm function at backend start.
    replaced = conv2dBackpropInputConfig(current.kernelFunc);
    if (current.setupFunc !== undefined) {
      replaced = { ...replaced, setupFunc: current.setupFunc };
    }
    registerKernel(replaced);
    added.push('Conv2DBackpropInput');
  }
  return added;
}
