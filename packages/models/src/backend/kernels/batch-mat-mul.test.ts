import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  onBackend,
  randomTensor,
  relativeError,
} from '../../../test/helpers.js';
import { useWasmBackend } from '../use-best-backend.js';

// float32 sums of up to a few hundred products, in different orders.
const tolerance = 1e-5;

interface Case {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

const cases: Case[] = [
  // A dense layer's gradients: dW = x^T dy (A^T copied) and dx = dy W^T
  // (computed as (W dy^T)^T, the weight not copied).
  { a: [16, 300], b: [16, 40], transposeA: true, transposeB: false },
  { a: [16, 40], b: [300, 40], transposeA: false, transposeB: true },
  // A^T B as ((B^T) A)^T: A is the larger operand.
  { a: [50, 30], b: [50, 2], transposeA: true, transposeB: false },
  // A B^T with B^T copied: B is the smaller.
  { a: [40, 16], b: [3, 16], transposeA: false, transposeB: true },
  { a: [37, 5], b: [23, 37], transposeA: true, transposeB: true },
  { a: [3, 7, 9], b: [3, 11, 9], transposeA: false, transposeB: true },
  { a: [2, 9, 7], b: [2, 9, 4], transposeA: true, transposeB: false },
  { a: [4, 6, 5], b: [1, 7, 6], transposeA: true, transposeB: true },
  { a: [8, 13], b: [13, 6], transposeA: false, transposeB: false },
];

describe('wasm BatchMatMul with transposed operands', () => {
  beforeAll(async () => {
    expect(await useWasmBackend()).toBe(true);
  });

  it.each(cases)(
    'matches the cpu backend: a $a (T $transposeA) b $b (T $transposeB)',
    async (c) => {
      const run = (): tf.Tensor[] => [
        tf.matMul(
          randomTensor(3, 'a', c.a),
          randomTensor(3, 'b', c.b),
          c.transposeA,
          c.transposeB,
        ),
      ];
      const [ref] = await onBackend('cpu', run);
      const [got] = await onBackend('wasm', run);
      expect(got!.length).toBe(ref!.length);
      expect(relativeError(got!, ref!)).toBeLessThan(tolerance);
    },
  );

  it('frees its transposed copies', async () => {
    await tf.setBackend('wasm');
    const a = randomTensor(1, 'a', [6, 5]);
    const b = randomTensor(1, 'b', [6, 4]);
    const before = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) tf.matMul(a, b, true, false).dispose();
    expect(tf.backend().numDataIds()).toBe(before);
    tf.dispose([a, b]);
  });
});
