/**
 * The gradient all-reduce at the level of tensors: the mean over replicas
 * of a list of float32 tensors, as new tensors.
 *
 * On the wasm backend the all-reduce reads each tensor's bytes where they
 * lie in the wasm heap and writes the means straight into new heap
 * tensors. Reading with dataSync and building tensors from arrays copies
 * every gradient twice more per step and leaves JavaScript arrays of its
 * size to collect (3.3 MB a step for the Fashion-MNIST convnet); dropping
 * that took the two-worker convnet bench from 811-825 to 856-895 img/s in
 * runs made back to back. Other backends take that path.
 */
import * as tf from '@tensorflow/tfjs-core';

import type { Collective } from './collective.js';

/** The two methods of tfjs-backend-wasm's backend used here. */
interface WasmHeap {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/**
 * The means over replicas of `tensors` (float32), and of `extra`, which
 * is averaged in place in the same all-reduce. The caller owns the
 * returned tensors; `tensors` are left as they were.
 */
export function averageTensors(
  collective: Collective,
  tensors: readonly tf.Tensor[],
  extra: Float32Array,
): tf.Tensor[] {
  for (const t of tensors) {
    if (t.dtype !== 'float32') {
      throw new TypeError(`averageTensors: float32 only; got ${t.dtype}`);
    }
  }
  if (tf.getBackend() === 'wasm') {
    const heap = tf.backend() as unknown as WasmHeap;
    const outputs = tensors.map((t) => heap.makeOutput(t.shape, 'float32'));
    // Views after the last allocation: growing the heap detaches older ones.
    const view = (info: tf.TensorInfo): Float32Array =>
      heap.typedArrayFromHeap(info);
    collective.average(
      [...tensors.map(view), extra],
      [...outputs.map(view), extra],
    );
    return outputs.map((info) => tf.engine().makeTensorFromTensorInfo(info));
  }
  // A copy: the cpu backend's dataSync returns the tensor's own array.
  const values = tensors.map((t) => (t.dataSync() as Float32Array).slice());
  collective.average([...values, extra]);
  return values.map((v, i) => tf.tensor(v, tensors[i]?.shape, 'float32'));
}
