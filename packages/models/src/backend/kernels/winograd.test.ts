import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  onBackend,
  randomTensor,
  relativeError,
} from '../../../test/helpers.js';
import { useWasmBackend } from '../use-best-backend.js';
import { convGeometry, type ConvPadding } from './conv-geometry.js';
import {
  winogradConv2d,
  winogradFilterGradient,
  winogradFilterPays,
  winogradForwardPays,
} from './winograd.js';

// F(4x4, 3x3) rounds its transforms in float32 with coefficients up to 8
// and 1/24: measured up to 2e-6 of the output scale on the small shapes,
// 9e-6 on the 64-channel layer, 2.7e-5 on VGG-D's layers
// (bench/conv-layers.ts); tfjs's cpu kernels, the reference, are direct.
const tolerance = 1e-4;

interface Case {
  x: [number, number, number, number];
  co: number;
  pad: ConvPadding;
  /** Bytes per block, small to force many blocks. */
  budget?: number;
}

const cases: Case[] = [
  // Output 9x7: tiles that stick out of the bottom and the right.
  { x: [2, 9, 7, 5], co: 6, pad: 'same' },
  { x: [1, 8, 8, 3], co: 4, pad: 'valid' },
  {
    x: [3, 6, 11, 4],
    co: 3,
    pad: [
      [0, 0],
      [2, 0],
      [1, 2],
      [0, 0],
    ],
  },
  // One partial tile; one output pixel.
  { x: [2, 4, 4, 2], co: 2, pad: 'valid' },
  { x: [1, 3, 3, 2], co: 2, pad: 'valid' },
  // 2 * 4 * 4 tiles in blocks of 1 and of 3.
  { x: [2, 13, 13, 8], co: 8, pad: 'same', budget: 1 },
  { x: [2, 13, 13, 8], co: 8, pad: 'same', budget: 3 * 36 * 16 * 4 },
];

const name = (c: Case): string =>
  `x ${c.x.join('x')} -> ${c.co}, pad ${JSON.stringify(c.pad)}` +
  (c.budget === undefined ? '' : `, ${c.budget} bytes per block`);

describe('Winograd F(4x4, 3x3) on wasm', () => {
  beforeAll(async () => {
    expect(await useWasmBackend()).toBe(true);
  });

  it.each(cases.map((c) => [name(c), c] as const))(
    'forward with bias and ReLU matches the cpu backend: %s',
    async (_, c) => {
      const filterShape = [3, 3, c.x[3], c.co];
      const inputs = (): [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D] => [
        randomTensor(1, 'x', c.x) as tf.Tensor4D,
        randomTensor(1, 'w', filterShape) as tf.Tensor4D,
        randomTensor(1, 'b', [c.co]) as tf.Tensor1D,
      ];
      const [plain, fused] = await onBackend('cpu', () => {
        const [x, w, b] = inputs();
        return [
          tf.conv2d(x, w, 1, c.pad),
          tf.relu(tf.add(tf.conv2d(x, w, 1, c.pad), b)),
        ];
      });
      const [gotPlain, gotFused] = await onBackend('wasm', () => {
        const [x, w, b] = inputs();
        const backend = tf.backend() as BackendWasm;
        const g = convGeometry(
          x.shape,
          filterShape,
          1,
          1,
          c.pad,
          undefined,
          false,
        );
        const run = (epilogue?: {
          bias?: tf.Tensor;
          relu: boolean;
        }): tf.Tensor =>
          tf
            .engine()
            .makeTensorFromTensorInfo(
              winogradConv2d(x, w, g, backend, epilogue, c.budget),
            );
        return [run(), run({ bias: b, relu: true })];
      });
      expect(relativeError(gotPlain!, plain!)).toBeLessThan(tolerance);
      expect(relativeError(gotFused!, fused!)).toBeLessThan(tolerance);
    },
  );

  it.each(cases.map((c) => [name(c), c] as const))(
    'filter gradient matches the cpu backend: %s',
    async (_, c) => {
      const filterShape: [number, number, number, number] = [
        3,
        3,
        c.x[3],
        c.co,
      ];
      const g = convGeometry(c.x, filterShape, 1, 1, c.pad, undefined, false);
      const inputs = (): [tf.Tensor4D, tf.Tensor4D] => [
        randomTensor(2, 'x', c.x) as tf.Tensor4D,
        randomTensor(2, 'dy', g.outShape) as tf.Tensor4D,
      ];
      const [ref] = await onBackend('cpu', () => {
        const [x, dy] = inputs();
        const attrs = {
          strides: 1,
          pad: c.pad,
          dataFormat: 'NHWC',
          filterShape,
        };
        return [
          tf
            .engine()
            .runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor,
        ];
      });
      const [got] = await onBackend('wasm', () => {
        const [x, dy] = inputs();
        const backend = tf.backend() as BackendWasm;
        return [
          tf
            .engine()
            .makeTensorFromTensorInfo(
              winogradFilterGradient(x, dy, g, backend, c.budget),
            ),
        ];
      });
      expect(relativeError(got!, ref!)).toBeLessThan(tolerance);
    },
  );

  it('serves the Conv2D, FusedConv2D and gradient kernels of a VGG-like layer', async () => {
    // 64 -> 64 channels on 16x16, 64 tiles: the kernels take Winograd.
    const xShape: [number, number, number, number] = [4, 16, 16, 64];
    const filterShape: [number, number, number, number] = [3, 3, 64, 64];
    const g = convGeometry(xShape, filterShape, 1, 1, 'same', undefined, false);
    expect(winogradForwardPays(g)).toBe(true);
    expect(winogradFilterPays(g)).toBe(true);

    const run = (): tf.Tensor[] => {
      const x = randomTensor(3, 'x', xShape) as tf.Tensor4D;
      const w = randomTensor(3, 'w', filterShape) as tf.Tensor4D;
      const b = randomTensor(3, 'b', [64]) as tf.Tensor1D;
      const dy = randomTensor(3, 'dy', g.outShape) as tf.Tensor4D;
      const loss = (xx: tf.Tensor, ww: tf.Tensor): tf.Tensor =>
        tf.sum(
          tf.mul(
            tf.fused.conv2d({
              x: xx as tf.Tensor4D,
              filter: ww as tf.Tensor4D,
              strides: 1,
              pad: 'same',
              bias: b,
              activation: 'relu',
            }),
            dy,
          ),
        );
      return [tf.conv2d(x, w, 1, 'same'), ...tf.grads(loss)([x, w])];
    };
    const ref = await onBackend('cpu', run);
    const got = await onBackend('wasm', run);
    for (const [i, part] of ['conv2d', 'dx', 'dw'].entries()) {
      expect(relativeError(got[i]!, ref[i]!), part).toBeLessThan(tolerance);
    }
    // The registered Conv2D took Winograd: the same bits as calling it.
    const [direct] = await onBackend('wasm', () => {
      const x = randomTensor(3, 'x', xShape);
      const w = randomTensor(3, 'w', filterShape);
      const backend = tf.backend() as BackendWasm;
      return [
        tf.engine().makeTensorFromTensorInfo(winogradConv2d(x, w, g, backend)),
      ];
    });
    expect(
      Buffer.from(got[0]!.buffer).equals(Buffer.from(direct!.buffer)),
    ).toBe(true);
  });

  it('falls back to tfjs for other fused activations', async () => {
    const xShape: [number, number, number, number] = [4, 16, 16, 64];
    const run = (): tf.Tensor[] => [
      tf.fused.conv2d({
        x: randomTensor(5, 'x', xShape) as tf.Tensor4D,
        filter: randomTensor(5, 'w', [3, 3, 64, 64]) as tf.Tensor4D,
        strides: 1,
        pad: 'same',
        activation: 'elu',
      }),
    ];
    const [ref] = await onBackend('cpu', run);
    const [got] = await onBackend('wasm', run);
    expect(relativeError(got!, ref!)).toBeLessThan(tolerance);
  });

  it.each([
    // [x, ci -> co, forward, filter gradient]
    ['VGG-D conv3_2 at batch 2', [2, 56, 56, 256], 256, true, true],
    ['32 channels', [64, 14, 14, 32], 64, false, false],
    ['13x13 maps (AlexNet conv4)', [8, 13, 13, 384], 256, false, true],
    [
      'VGG-D conv5_1 at batch 4: few pixels',
      [4, 14, 14, 512],
      512,
      false,
      true,
    ],
    ['VGG-D conv5_1 at batch 2: 32 tiles', [2, 14, 14, 512], 512, false, false],
  ] as const)(
    'takes Winograd where it pays: %s',
    (_, x, co, forward, filter) => {
      const g = convGeometry(
        [...x],
        [3, 3, x[3], co],
        1,
        1,
        'same',
        undefined,
        false,
      );
      expect(winogradForwardPays(g)).toBe(forward);
      expect(winogradFilterPays(g)).toBe(filter);
    },
  );

  it('takes only 3x3, stride-1, undilated convolutions', () => {
    const x = [8, 56, 56, 256];
    const cases: [number[], number, number][] = [
      [[5, 5, 256, 256], 1, 1],
      [[3, 3, 256, 256], 2, 1],
      [[3, 3, 256, 256], 1, 2],
    ];
    for (const [filter, stride, dilation] of cases) {
      const g = convGeometry(
        x,
        filter,
        stride,
        dilation,
        'same',
        undefined,
        false,
      );
      expect(winogradForwardPays(g)).toBe(false);
      expect(winogradFilterPays(g)).toBe(false);
    }
  });

  it('frees its scratch tensors', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const x = randomTensor(4, 'x', [2, 9, 9, 4]);
    const w = randomTensor(4, 'w', [3, 3, 4, 5]);
    const g = convGeometry(x.shape, w.shape, 1, 1, 'same', undefined, false);
    const dy = randomTensor(4, 'dy', g.outShape);
    const before = backend.numDataIds();
    for (let i = 0; i < 2; i++) {
      backend.disposeData(
        winogradConv2d(x, w, g, backend, undefined, 1).dataId,
      );
      backend.disposeData(winogradFilterGradient(x, dy, g, backend, 1).dataId);
    }
    expect(backend.numDataIds()).toBe(before);
    tf.dispose([x, w, dy]);
  });
});
