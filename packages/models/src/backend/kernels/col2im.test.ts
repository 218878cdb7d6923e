import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  onBackend,
  randomTensor,
  relativeError,
} from '../../../test/helpers.js';
import { useWasmBackend } from '../use-best-backend.js';
import { conv2dBackpropInputCol2im } from './col2im.js';
import { convGeometry, type ConvPadding, type Pair } from './conv-geometry.js';

const cases: [number[], number[], number | Pair, ConvPadding][] = [
  // AlexNet's conv1, shrunk.
  [[2, 23, 23, 3], [11, 11, 3, 4], 4, 'valid'],
  [[3, 11, 13, 2], [5, 3, 2, 5], 2, 'same'],
  [[2, 10, 9, 3], [3, 2, 3, 2], [2, 3], 1],
];

describe('strided input gradient by matrix product and col2im', () => {
  beforeAll(async () => {
    expect(await useWasmBackend()).toBe(true);
  });

  it.each(cases)(
    'blocks of two output rows match cpu: x %j w %j s %j %j',
    async (xShape, wShape, strides, pad) => {
      const g = convGeometry(xShape, wShape, strides, 1, pad, undefined, false);
      const inputs = (): { dy: tf.Tensor; filter: tf.Tensor } => ({
        dy: randomTensor(9, `dy ${xShape}`, g.outShape),
        filter: randomTensor(9, `w ${xShape}`, wShape),
      });
      const [want] = await onBackend('cpu', () => [
        tf.engine().runKernel('Conv2DBackpropInput', inputs(), {
          strides,
          pad,
          dataFormat: 'NHWC',
          inputShape: xShape,
        }) as tf.Tensor,
      ]);
      await tf.setBackend('wasm');
      const { dy, filter } = inputs();
      const before = tf.backend().numDataIds();
      const rows = wShape[0]! * wShape[1]! * wShape[2]!;
      const bytes = 2 * g.outWidth * 4 * (rows + wShape[3]!);
      const info = conv2dBackpropInputCol2im(
        dy,
        filter,
        g,
        tf.backend() as BackendWasm,
        bytes,
      );
      const got = tf.engine().makeTensorFromTensorInfo(info);
      expect(got.shape).toEqual(xShape);
      expect(relativeError(got.dataSync() as Float32Array, want!)).toBeLessThan(
        1e-5,
      );
      got.dispose();
      expect(tf.backend().numDataIds()).toBe(before);
      tf.dispose([dy, filter]);
    },
  );
});
