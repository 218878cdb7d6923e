/**
 * Gradients through an imported network (Conv with pads and stride, Relu,
 * MaxPool with ceil_mode, LRN, Flatten, Gemm) on the wasm backend agree
 * with central finite differences of the same model's loss, computed in
 * float64 from float32 forward passes: relative error below 2e-2 on 12
 * seeded weight entries (finite differences in float32 are the noise).
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readModel } from '@zoo/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBestBackend } from '../../src/backend/use-best-backend.js';
import { importOnnx } from '../../src/import/import-onnx.js';
import { randomTensor } from '../helpers.js';
import { TEST_DIR, python, tempDir } from './helpers.js';

const temp = tempDir();

describe('gradients of an imported network', () => {
  beforeAll(async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
    python(join(TEST_DIR, 'import_models.py'), temp.dir);
  });
  afterAll(() => temp.remove());

  it('match finite differences', async () => {
    const net = importOnnx(await readModel(join(temp.dir, 'convnet.onnx')));
    const x = randomTensor(8, 'x', [2, 3, 9, 9]);
    const r = randomTensor(8, 'r', [2, 5]);
    const loss = () => tf.sum(tf.mul(net.predict(x), r)) as tf.Scalar;
    const { grads } = tf.variableGrads(loss, net.trainableWeights);
    const lossValue = () => tf.tidy(() => loss().dataSync()[0] ?? NaN);
    let checked = 0;
    for (const name of ['c.w', 'c.b', 'fc.w']) {
      const v = net.weights.get(name) as tf.Variable;
      const g = (grads[v.name] as tf.Tensor).dataSync();
      const values = v.dataSync().slice() as Float32Array;
      for (let k = 0; k < 4; k++) {
        const i = (k * 7919) % values.length;
        const eps = 1e-2;
        const probe = (delta: number) => {
          const copy = values.slice();
          copy[i] = (values[i] ?? 0) + delta;
          v.assign(tf.tensor(copy, v.shape));
          return lossValue();
        };
        const numeric = (probe(eps) - probe(-eps)) / (2 * eps);
        v.assign(tf.tensor(values, v.shape));
        const analytic = g[i] ?? NaN;
        const scale = Math.max(1, Math.abs(numeric));
        expect(
          Math.abs(analytic - numeric) / scale,
          `${name}[${i}]`,
        ).toBeLessThan(2e-2);
        checked++;
      }
    }
    expect(checked).toBe(12);
    tf.dispose([x, r, ...Object.values(grads)]);
    net.dispose();
  });
});
