/**
 * Sum over leading axes for the wasm backend, in JavaScript over the wasm
 * heap: the bias gradient of every NHWC convolution (dy summed over batch,
 * height and width).
 *
 * tfjs-backend-wasm 4.22 reduces only innermost axes, so it first
 * transposes such a tensor in full. Here out[c] accumulates the rows of
 * the [rows, c] view in order, in float64. Other reductions, and other
 * dtypes, go to tfjs's kernel, kept as the fallback.
 */
import {
  backend_util,
  Sum,
  util,
  type KernelConfig,
  type KernelFunc,
  type SumAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Builds the kernel around `fallback`, tfjs's own Sum. */
export function sumWasm(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const attrs = args.attrs as unknown as SumAttrs;
    const rank = x.shape.length;
    const axes = util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
    const leading = axes.every((a, i) => a === i) && axes.length < rank;
    if (
      x.dtype !== 'float32' ||
      !leading ||
      util.sizeFromShape(x.shape) === 0
    ) {
      return fallback(args);
    }
    const backend = args.backend as BackendWasm;
    const kept = x.shape.slice(axes.length);
    const outShape = attrs.keepDims
      ? backend_util.expandShapeToKeepDim(kept, axes)
      : kept;
    const out = backend.makeOutput(outShape, 'float32');
    // Views after makeOutput: allocating may grow (and move) the heap.
    const values = backend.typedArrayFromHeap(x) as Float32Array;
    const sums = backend.typedArrayFromHeap(out) as Float32Array;
    const width = util.sizeFromShape(kept);
    const acc = new Float64Array(width);
    for (let at = 0; at < values.length; at += width) {
      for (let c = 0; c < width; c++) {
        acc[c] = (acc[c] as number) + (values[at + c] as number);
      }
    }
    sums.set(acc);
    return out;
  };
}

/** The kernel config, wrapping the kernel it replaces. */
export function sumConfig(fallback: KernelFunc): KernelConfig {
  return {
    kernelName: Sum,
    backendName: 'wasm',
    kernelFunc: sumWasm(fallback),
  };
}
