import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { randomTensor, relativeError } from '../../test/helpers.js';
import { GroupedConv2D } from './grouped-conv2d.js';

describe('GroupedConv2D', () => {
  it('equals a dense conv with a block-diagonal kernel', async () => {
    await tf.setBackend('cpu');
    const layer = new GroupedConv2D({
      filters: 6,
      kernelSize: 3,
      groups: 2,
      padding: 'same',
      strides: 2,
    });
    const x = randomTensor(2, 'x', [2, 7, 7, 4]);
    const y = layer.apply(x) as tf.Tensor;
    const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D];
    expect(kernel.shape).toEqual([3, 3, 2, 6]);
    const k = kernel.arraySync();
    // Dense [3, 3, 4, 6]: group 0 = in 0..1 -> out 0..2, group 1 = in 2..3 -> out 3..5.
    const dense = tf.buffer([3, 3, 4, 6]);
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++)
        for (let i = 0; i < 2; i++)
          for (let o = 0; o < 6; o++) {
            const g = o < 3 ? 0 : 1;
            dense.set(k[a]![b]![i]![o]!, a, b, g * 2 + i, o);
          }
    const want = tf.add(
      tf.conv2d(x as tf.Tensor4D, dense.toTensor() as tf.Tensor4D, 2, 'same'),
      bias,
    );
    expect(y.shape).toEqual([2, 4, 4, 6]);
    expect(
      relativeError(
        y.dataSync() as Float32Array,
        want.dataSync() as Float32Array,
      ),
    ).toBeLessThan(1e-6);
  });

  it('counts parameters as a grouped conv does', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.inputLayer({ inputShape: [27, 27, 96] }),
        new GroupedConv2D({
          filters: 256,
          kernelSize: 5,
          groups: 2,
          padding: 'same',
          kernelInitializer: 'zeros',
        }),
      ],
    });
    expect(model.countParams()).toBe(5 * 5 * 48 * 256 + 256);
    model.dispose();
  });

  it('refuses groups that do not divide the filters', () => {
    expect(
      () => new GroupedConv2D({ filters: 10, kernelSize: 3, groups: 3 }),
    ).toThrow(
      'GroupedConv2D: groups must be a positive divisor of filters (10); got 3',
    );
  });
});
