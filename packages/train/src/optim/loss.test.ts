import * as tf from '@tensorflow/tfjs-core';
import { useBestBackend } from '@zoo/models';
import { beforeAll, describe, expect, it } from 'vitest';

import { crossEntropy, topKCorrect } from './loss.js';

describe('crossEntropy', () => {
  beforeAll(async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
  });

  it('is the mean of log-sum-exp minus the label logit', () => {
    const z = [
      [1, 2, 3],
      [0.5, -1, 0],
    ];
    const labels = [2, 0];
    const want =
      z.reduce((s, row, i) => {
        const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
        return s + lse - row[labels[i]!]!;
      }, 0) / 2;
    const got = crossEntropy(tf.tensor2d(z), tf.tensor1d(labels, 'int32'));
    expect(got.dataSync()[0]).toBeCloseTo(want, 6);
  });
});

describe('topKCorrect', () => {
  it('counts labels ranked within the top k', () => {
    const logits = Float32Array.from([0.1, 0.5, 0.4, 0.9, 0.2, 0.3]);
    expect(topKCorrect(logits, [1, 2], 3, 1)).toBe(1);
    expect(topKCorrect(logits, [2, 1], 3, 1)).toBe(0);
    expect(topKCorrect(logits, [2, 1], 3, 2)).toBe(1);
    expect(topKCorrect(logits, [0, 1], 3, 3)).toBe(2);
  });
});
