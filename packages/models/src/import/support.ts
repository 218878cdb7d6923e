/**
 * Helpers the converters share: not-implemented errors, layout transposes
 * (ONNX is NCHW; tfjs convolutions and pools are NHWC), axes and the
 * values of small integer tensors (shapes, axes, pads).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ZooInputError, ZooNotImplementedError } from '../errors.js';
import type { OnnxNode } from './node.js';

/** The error a converter throws for one of its restriction sentences. */
export function notImplemented(
  node: OnnxNode,
  sentence: string,
): ZooNotImplementedError {
  return new ZooNotImplementedError(`importOnnx: ${node.label}: ${sentence}`);
}

/** Input `i`, which must be present. */
export function input(
  node: OnnxNode,
  inputs: readonly (tf.Tensor | undefined)[],
  i: number,
): tf.Tensor {
  const t = inputs[i];
  if (t === undefined) {
    throw new ZooInputError(
      `importOnnx: ${node.label}: input ${i} must be given; got none`,
    );
  }
  return t;
}

/** NCHW to NHWC. */
export function toNhwc(x: tf.Tensor): tf.Tensor4D {
  return tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
}

/** NHWC to NCHW. */
export function toNchw(x: tf.Tensor): tf.Tensor4D {
  return tf.transpose(x, [0, 3, 1, 2]) as tf.Tensor4D;
}

/** An axis in [-rank, rank) as a non-negative one. */
export function normalizeAxis(
  node: OnnxNode,
  axis: number,
  rank: number,
): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw node.invalid('axis', `lie in [${-rank}, ${rank - 1}]`, axis);
  }
  return axis < 0 ? axis + rank : axis;
}

/** A small integer tensor's values as numbers (shapes, axes, pads). */
export function intValues(t: tf.Tensor): number[] {
  return Array.from(t.dataSync(), (v) => Number(v));
}

/** Product of dims[from, to). */
export function product(
  dims: readonly number[],
  from = 0,
  to?: number,
): number {
  return dims.slice(from, to ?? dims.length).reduce((a, b) => a * b, 1);
}

/** The tfjs dtype an ONNX value of this element type is held in. */
export function tfDtypeOf(onnxType: number): tf.DataType | undefined {
  // FLOAT, FLOAT16, DOUBLE, BFLOAT16 -> float32; integers -> int32.
  if ([1, 10, 11, 16].includes(onnxType)) return 'float32';
  if ([2, 3, 4, 5, 6, 7, 12, 13].includes(onnxType)) return 'int32';
  if (onnxType === 9) return 'bool';
  return undefined;
}
