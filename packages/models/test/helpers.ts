/**
 * Test helpers: seeded random tensors and backend switching.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RandomStream, fillUniform } from '@zoo/init';

/** Uniform(-1, 1) values from a named, seeded stream. */
export function randomValues(
  seed: number,
  key: string,
  size: number,
): Float32Array {
  const out = new Float32Array(size);
  fillUniform(new RandomStream(seed, key), out, -1, 1);
  return out;
}

/** A seeded Uniform(-1, 1) float32 tensor. */
export function randomTensor(
  seed: number,
  key: string,
  shape: number[],
): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(randomValues(seed, key, size), shape, 'float32');
}

/** Runs `fn` on `backend` and returns its outputs' values. */
export async function onBackend(
  backend: string,
  fn: () => tf.Tensor[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(fn);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

/** max |a - b| / max(1, max |b|): the error measure of the gradient checks. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) {
    throw new Error(
      `relativeError: lengths must match; got ${a.length} and ${b.length}`,
    );
  }
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    scale = Math.max(scale, Math.abs(b[i] ?? 0));
  }
  return diff / scale;
}
