import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  onBackend,
  randomTensor,
  relativeError,
} from '../../../test/helpers.js';
import { useWasmBackend } from '../use-best-backend.js';

interface PoolCase {
  x: [number, number, number, number];
  size: number | [number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
  relu?: boolean;
}

const pools: PoolCase[] = [
  { x: [4, 8, 8, 5], size: 2, strides: 2, pad: 'valid' },
  // AlexNet's overlapping 3x3/2 pools.
  { x: [2, 13, 13, 6], size: 3, strides: 2, pad: 'valid' },
  { x: [2, 9, 7, 3], size: 3, strides: 2, pad: 'same' },
  { x: [3, 7, 9, 4], size: [2, 3], strides: [1, 2], pad: 1 },
  // After a ReLU, windows of zeros tie: the first position takes it all.
  { x: [2, 6, 6, 8], size: 2, strides: 2, pad: 'valid', relu: true },
  { x: [2, 7, 7, 3], size: 3, strides: 1, pad: 'same', relu: true },
];

describe('wasm MaxPoolGrad and Sum', () => {
  beforeAll(async () => {
    expect(await useWasmBackend()).toBe(true);
  });

  it.each(pools)(
    'MaxPoolGrad matches the cpu backend: x $x, window $size, stride $strides, pad $pad',
    async (c) => {
      const run = (): tf.Tensor[] => {
        const raw = randomTensor(5, 'x', c.x);
        const x = c.relu === true ? tf.relu(raw) : raw;
        const f = (t: tf.Tensor): tf.Tensor =>
          tf.maxPool(t as tf.Tensor4D, c.size, c.strides, c.pad);
        const dy = randomTensor(6, 'dy', f(x).shape);
        return [tf.grad((t) => tf.mul(f(t), dy))(x)];
      };
      const [ref] = await onBackend('cpu', run);
      const [got] = await onBackend('wasm', run);
      // Each input gradient is a sum of at most a few dy values.
      expect(relativeError(got!, ref!)).toBeLessThan(1e-6);
    },
  );

  it.each([
    { shape: [4, 5, 6, 7], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 5, 6, 7], axis: [1, 0], keepDims: true },
    { shape: [30, 17], axis: 0, keepDims: false },
    // Not leading axes, and all axes: tfjs's own kernel.
    { shape: [4, 5, 6], axis: [1, 2], keepDims: false },
    { shape: [4, 5], axis: [0, 1], keepDims: false },
  ])('Sum matches the cpu backend: $shape over $axis', async (c) => {
    const run = (): tf.Tensor[] => {
      const s = tf.sum(randomTensor(7, 'x', c.shape), c.axis, c.keepDims);
      return [s, tf.tensor(s.shape)];
    };
    const [ref, refShape] = await onBackend('cpu', run);
    const [got, gotShape] = await onBackend('wasm', run);
    expect(gotShape).toEqual(refShape);
    expect(relativeError(got!, ref!)).toBeLessThan(1e-6);
  });

  it('frees nothing it should keep and keeps nothing it should free', async () => {
    await tf.setBackend('wasm');
    const x = randomTensor(1, 'x', [2, 4, 4, 3]);
    const before = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) {
      tf.dispose([
        tf.sum(x, [0, 1, 2]),
        tf.grad((t) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'))(x),
      ]);
    }
    expect(tf.backend().numDataIds()).toBe(before);
    x.dispose();
  });
});
