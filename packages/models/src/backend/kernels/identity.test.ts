import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { randomTensor } from '../../../test/helpers.js';
import { useWasmBackend } from '../use-best-backend.js';

describe('wasm Identity and Cast', () => {
  beforeAll(async () => {
    expect(await useWasmBackend()).toBe(true);
  });

  it('shares memory with its input, which outlives either one', async () => {
    await tf.setBackend('wasm');
    const x = randomTensor(3, 'x', [4, 5]);
    const values = x.dataSync().slice();
    const buffers = tf.backend().numDataIds();
    const y = tf.clone(x);
    expect(tf.backend().numDataIds()).toBe(buffers);
    x.dispose();
    expect(y.dataSync()).toEqual(values);
    y.dispose();
    expect(tf.backend().numDataIds()).toBe(buffers - 1);
  });

  it("keeps a clone's values when the variable is assigned", async () => {
    await tf.setBackend('wasm');
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const saved = tf.clone(v);
    v.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(saved.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
    tf.dispose([v, saved]);
  });

  it('a cast to the same dtype shares memory; others convert', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1.5, -2.25, 0]);
    const buffers = tf.backend().numDataIds();
    const same = tf.cast(x, 'float32');
    expect(tf.backend().numDataIds()).toBe(buffers);
    const ints = tf.cast(x, 'int32');
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual([1.5, -2.25, 0]);
    expect(Array.from(ints.dataSync())).toEqual([1, -2, 0]);
    tf.dispose([same, ints]);
  });

  it('copies strings through the fallback', async () => {
    await tf.setBackend('wasm');
    const s = tf.tensor1d(['a', 'bc']);
    const t = tf.clone(s);
    s.dispose();
    expect(t.dataSync()).toEqual(['a', 'bc']);
    t.dispose();
  });

  it('a tape saves no more buffers than on cpu', async () => {
    const buffers = async (backend: string): Promise<number> => {
      await tf.setBackend(backend);
      const x = randomTensor(5, 'x', [2, 8, 8, 3]);
      const w = randomTensor(5, 'w', [3, 3, 3, 4]);
      const start = tf.backend().numDataIds();
      let forward = 0;
      const f = (a: tf.Tensor): tf.Tensor => {
        const y = tf.relu(
          tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
        );
        forward = tf.backend().numDataIds() - start;
        return tf.sum(y);
      };
      tf.dispose(tf.grad(f)(x));
      tf.dispose([x, w]);
      return forward;
    };
    const cpu = await buffers('cpu');
    expect(await buffers('wasm')).toBe(cpu);
  });
});
