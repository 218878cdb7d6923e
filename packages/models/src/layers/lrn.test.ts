import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';

import { onBackend, randomTensor, relativeError } from '../../test/helpers.js';
import { useWasmBackend } from '../backend/use-best-backend.js';
import { lrn } from './lrn.js';

/** The ONNX/Caffe formula, written out for a [1, 1, 1, C] tensor. */
function closedForm(
  x: number[],
  size: number,
  alpha: number,
  beta: number,
  bias: number,
): number[] {
  const r = (size - 1) / 2;
  return x.map((v, c) => {
    let sq = 0;
    for (let j = Math.max(0, c - r); j <= Math.min(x.length - 1, c + r); j++) {
      sq += (x[j] ?? 0) ** 2;
    }
    return v / (bias + (alpha / size) * sq) ** beta;
  });
}

describe('lrn (Caffe/ONNX semantics)', () => {
  it.each([
    [5, 1e-4, 0.75, 1],
    [3, 0.5, 0.75, 2],
    [5, 2, 0.5, 1],
    [1, 1, 1, 1],
  ])(
    'matches the closed form: size %d alpha %d beta %d bias %d',
    async (size, alpha, beta, bias) => {
      await tf.setBackend('cpu');
      const x = [0.5, -1.5, 2, 3, -0.25, 1];
      const y = lrn(size, alpha, beta, bias).apply(
        tf.tensor4d(x, [1, 1, 1, 6]),
      ) as tf.Tensor;
      const want = closedForm(x, size, alpha, beta, bias);
      const got = Array.from(y.dataSync());
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    },
  );

  it('differs from the TF convention by alpha / size', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor4d([1, 2, 3], [1, 1, 1, 3]);
    const ours = lrn(3, 0.9, 1, 1).apply(x) as tf.Tensor;
    const tfStyle = tf.localResponseNormalization(x, 1, 1, 0.3, 1);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(tfStyle.dataSync()));
  });

  it('refuses an even size with the house error', () => {
    expect(() => lrn(4, 1e-4, 0.75, 1)).toThrow(
      'lrn: size must be an odd positive integer; got 4',
    );
  });

  it('has the same gradient on wasm (LRNGrad) as on cpu', async () => {
    expect(await useWasmBackend()).toBe(true);
    const grad = (): tf.Tensor[] => {
      const x = randomTensor(9, 'x', [2, 3, 3, 7]);
      const dy = randomTensor(9, 'dy', [2, 3, 3, 7]);
      const layer = lrn(5, 0.5, 0.75, 1);
      const f = (a: tf.Tensor): tf.Tensor =>
        tf.sum(tf.mul(layer.apply(a) as tf.Tensor, dy));
      return [tf.grad(f)(x)];
    };
    const [cpu] = await onBackend('cpu', grad);
    const [wasm] = await onBackend('wasm', grad);
    expect(relativeError(wasm!, cpu!)).toBeLessThan(1e-5);
  });
});
