import * as tf from '@tensorflow/tfjs-core';
import { useBestBackend } from '@zoo/models';
import { beforeAll, describe, expect, it } from 'vitest';

import { Sgd } from './sgd.js';

/** torch.optim.SGD on one scalar, in float64: the closed form. */
function reference(
  w0: number,
  grads: number[],
  lr: number,
  mu: number,
  wd: number,
  nesterov: boolean,
): number {
  let w = w0;
  let v = 0;
  for (const g of grads) {
    const d = g + wd * w;
    v = mu * v + d;
    w -= lr * (nesterov ? d + mu * v : v);
  }
  return w;
}

describe('Sgd', () => {
  beforeAll(async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
  });

  for (const nesterov of [false, true]) {
    it(`matches PyTorch's update (nesterov ${nesterov})`, () => {
      const w = tf.variable(tf.tensor1d([1.5, -2]));
      const sgd = new Sgd([{ name: 'w', variable: w, decay: true }], {
        momentum: 0.9,
        weightDecay: 0.01,
        nesterov,
      });
      const grads = [
        [0.5, 0.25],
        [-1, 2],
        [0.125, -0.5],
      ];
      for (const g of grads) {
        sgd.step({ w: tf.tensor1d(g) }, 0.1);
      }
      const got = w.dataSync();
      for (let i = 0; i < 2; i++) {
        const want = reference(
          [1.5, -2][i]!,
          grads.map((g) => g[i]!),
          0.1,
          0.9,
          0.01,
          nesterov,
        );
        expect(got[i]).toBeCloseTo(want, 6);
      }
      const state = sgd.exportState();
      expect(state['w']!.length).toBe(2);
      sgd.importState(state);
      expect(() => sgd.importState({})).toThrow(
        'Sgd.importState: velocity of w must have 2 values; got none',
      );
      sgd.dispose();
      w.dispose();
    });
  }

  it('skips weight decay where decay is false', () => {
    const w = tf.variable(tf.scalar(2));
    const sgd = new Sgd([{ name: 'b', variable: w, decay: false }], {
      momentum: 0,
      weightDecay: 0.5,
      nesterov: false,
    });
    sgd.step({ b: tf.scalar(1) }, 0.1);
    expect(w.dataSync()[0]).toBeCloseTo(1.9, 6);
  });

  it('exports a copy of the state, also on the cpu backend', async () => {
    await useBestBackend({ order: ['cpu'] });
    const w = tf.variable(tf.zeros([3]));
    const sgd = new Sgd([{ name: 'w', variable: w, decay: true }], {
      momentum: 0.9,
      weightDecay: 0,
      nesterov: false,
    });
    sgd.exportState()['w']?.fill(7);
    expect([...(sgd.exportState()['w'] ?? [])]).toEqual([0, 0, 0]);
    sgd.dispose();
    w.dispose();
    await useBestBackend({ order: ['wasm', 'cpu'] });
  });

  it('keeps no copy of the state it imports', () => {
    const w = tf.variable(tf.zeros([1000]));
    const sgd = new Sgd([{ name: 'w', variable: w, decay: true }], {
      momentum: 0.9,
      weightDecay: 0,
      nesterov: false,
    });
    const before = tf.memory().numBytes;
    sgd.importState({ w: new Float32Array(1000).fill(0.5) });
    expect(tf.memory().numBytes).toBe(before);
    expect(sgd.exportState()['w']?.[999]).toBe(0.5);
    sgd.dispose();
    w.dispose();
  });
});
