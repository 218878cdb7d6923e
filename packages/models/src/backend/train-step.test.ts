import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { randomValues, relativeError } from '../../test/helpers.js';
import { useWasmBackend } from './use-best-backend.js';

// Eight float32 SGD steps through conv, pool and dense: the backends sum in
// different orders, and the difference grows a little with every step.
const tolerance = 1e-4;
const steps = 8;

function tinyModel(): tfl.LayersModel {
  const model = tfl.sequential({ name: 'tiny' });
  model.add(
    tfl.layers.conv2d({
      name: 'conv1',
      inputShape: [9, 9, 2],
      filters: 4,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
    }),
  );
  model.add(tfl.layers.reLU({ name: 'relu1' }));
  model.add(
    tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2, strides: 2 }),
  );
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  model.add(tfl.layers.dense({ name: 'fc', units: 3 }));
  return model;
}

/** Trains from fixed weights on `backend`; returns losses and weights. */
async function train(
  backend: string,
): Promise<{ losses: number[]; weights: Float32Array[] }> {
  await tf.setBackend(backend);
  const model = tinyModel();
  model.setWeights(
    model.weights.map((w, i) => {
      const shape = w.shape.map((d) => d ?? 1);
      const size = shape.reduce((a, b) => a * b, 1);
      const values = randomValues(1, `w${i}`, size).map((v) => v * 0.5);
      return tf.tensor(values, shape);
    }),
  );
  const x = tf.tensor(randomValues(1, 'x', 6 * 9 * 9 * 2), [6, 9, 9, 2]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
  const optimizer = tf.train.sgd(0.1);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = optimizer.minimize(
      () =>
        tf.losses.softmaxCrossEntropy(
          y,
          model.apply(x, { training: true }) as tf.Tensor,
        ) as tf.Scalar,
      true,
    );
    losses.push((await loss!.data())[0] ?? NaN);
    loss!.dispose();
  }
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return { losses, weights };
}

describe('training on wasm', () => {
  it('conv -> relu -> maxpool -> dense learns, and matches cpu', async () => {
    expect(await useWasmBackend()).toBe(true);
    const wasm = await train('wasm');
    const cpu = await train('cpu');

    expect(wasm.losses[steps - 1]!).toBeLessThan(wasm.losses[0]! * 0.8);
    for (let i = 0; i < steps; i++) {
      expect(Math.abs(wasm.losses[i]! - cpu.losses[i]!)).toBeLessThan(
        tolerance,
      );
    }
    wasm.weights.forEach((w, i) => {
      expect(relativeError(w, cpu.weights[i]!)).toBeLessThan(tolerance);
    });
  });
});
