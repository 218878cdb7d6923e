/**
 * ONNX tensor values as tfjs tensors: every float type as float32,
 * integers as int32 (64-bit values clamped to the int32 range, which only
 * sentinels such as INT64_MAX reach), bool as bool.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorValues } from '@zoo/onnx';

const INT32_MAX = 2147483647;

function clampInt(v: bigint): number {
  if (v > BigInt(INT32_MAX)) return INT32_MAX;
  if (v < BigInt(-INT32_MAX - 1)) return -INT32_MAX - 1;
  return Number(v);
}

/** Decoded values and dims (with dataType from @zoo/onnx) as a tf tensor. */
export function toTfTensor(
  values: TensorValues,
  dims: readonly number[],
  dataType: string,
): tf.Tensor {
  const shape = [...dims];
  if (values instanceof Float32Array)
    return tf.tensor(values, shape, 'float32');
  if (values instanceof Float64Array) {
    return tf.tensor(Float32Array.from(values), shape, 'float32');
  }
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    return tf.tensor(Int32Array.from(values, clampInt), shape, 'int32');
  }
  if (dataType === 'bool') return tf.tensor(values, shape, 'bool');
  return tf.tensor(Int32Array.from(values), shape, 'int32');
}
