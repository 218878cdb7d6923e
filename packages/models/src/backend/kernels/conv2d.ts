/**
 * Conv2D and FusedConv2D for the wasm backend, computed by Winograd's
 * F(4x4, 3x3) (winograd.ts) where that is faster than XNNPACK's direct
 * convolution: the 3x3, stride-1 layers of 64 channels or more that make
 * up VGG. Everything else, and fused activations other than ReLU, go to
 * tfjs's own kernels, kept as fallbacks. The input gradient of a stride-1
 * convolution is a Conv2D too (conv2d-backprop-input.ts), so it takes the
 * same path.
 */
import {
  Conv2D,
  FusedConv2D,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { convGeometryOf } from './conv-geometry.js';
import {
  winogradConv2d,
  winogradForwardPays,
  type Epilogue,
} from './winograd.js';

/** The Winograd path's epilogue for `attrs`, or undefined to fall back. */
type EpilogueOf = (
  inputs: Record<string, TensorInfo>,
  attrs: FusedConv2DAttrs,
) => Epilogue | undefined;

function winogradOr(fallback: KernelFunc, epilogueOf: EpilogueOf): KernelFunc {
  return (args) => {
    const inputs = args.inputs as Record<string, TensorInfo>;
    const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as FusedConv2DAttrs;
    const epilogue = epilogueOf(inputs, attrs);
    if (
      epilogue === undefined ||
      attrs.dataFormat !== 'NHWC' ||
      x.dtype !== 'float32' ||
      filter.dtype !== 'float32'
    ) {
      return fallback(args);
    }
    const g = convGeometryOf(x.shape, filter.shape, attrs);
    if (!winogradForwardPays(g)) {
      return fallback(args);
    }
    return winogradConv2d(x, filter, g, args.backend as BackendWasm, epilogue);
  };
}

/** Conv2D, wrapping tfjs's own kernel. */
export function conv2dConfig(fallback: KernelFunc): KernelConfig {
  return {
    kernelName: Conv2D,
    backendName: 'wasm',
    kernelFunc: winogradOr(fallback, () => ({ relu: false })),
  };
}

/**
 * FusedConv2D with no activation or ReLU, and a bias of one value per
 * output channel or none, wrapping tfjs's own kernel.
 */
export function fusedConv2dConfig(fallback: KernelFunc): KernelConfig {
  return {
    kernelName: FusedConv2D,
    backendName: 'wasm',
    kernelFunc: winogradOr(fallback, (inputs, attrs) => {
      // The engine passes an absent bias or prelu weight as undefined or null.
      const bias = inputs['bias'] ?? undefined;
      const prelu = inputs['preluActivationWeights'] ?? undefined;
      const filter = inputs['filter'];
      const activation = attrs.activation ?? 'linear';
      const perChannel =
        bias === undefined ||
        (bias.shape.length === 1 &&
          bias.dtype === 'float32' &&
          bias.shape[0] === filter?.shape[3]);
      if (
        (activation !== 'linear' && activation !== 'relu') ||
        prelu !== undefined ||
        !perChannel
      ) {
        return undefined;
      }
      return { bias, relu: activation === 'relu' };
    }),
  };
}
