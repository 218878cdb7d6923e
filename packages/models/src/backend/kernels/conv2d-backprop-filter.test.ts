import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  onBackend,
  randomTensor,
  relativeError,
} from '../../../test/helpers.js';
import { useWasmBackend } from '../use-best-backend.js';
import { convGeometry, type ConvPadding, type Pair } from './conv-geometry.js';
import { conv2dBackpropFilterDirect } from './conv2d-backprop-filter-direct.js';
import { conv2dBackpropFilterBlocked } from './conv2d-backprop-filter.js';

// float32 sums of up to a few thousand products, in different orders.
const tolerance = 1e-5;

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | Pair;
  pad: ConvPadding;
  dilations?: number | Pair;
}

const cases: Case[] = [
  { x: [2, 9, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [3, 11, 13, 2], filter: [5, 3, 2, 5], strides: 2, pad: 'same' },
  { x: [2, 10, 10, 3], filter: [3, 3, 3, 2], strides: 3, pad: 'valid' },
  { x: [2, 17, 15, 3], filter: [11, 11, 3, 4], strides: 4, pad: 'valid' },
  { x: [2, 8, 9, 2], filter: [2, 2, 2, 3], strides: [2, 1], pad: 'same' },
  {
    x: [2, 7, 9, 3],
    filter: [3, 2, 3, 2],
    strides: [1, 2],
    pad: [
      [0, 0],
      [2, 0],
      [1, 3],
      [0, 0],
    ],
  },
  { x: [3, 6, 5, 4], filter: [3, 3, 4, 3], strides: 1, pad: 1 },
  { x: [2, 8, 7, 3], filter: [4, 2, 3, 2], strides: 1, pad: 'valid' },
  { x: [2, 6, 8, 2], filter: [2, 4, 2, 3], strides: 1, pad: 'same' },
  {
    x: [2, 7, 6, 2],
    filter: [3, 3, 2, 2],
    strides: 1,
    pad: [
      [0, 0],
      [0, 2],
      [2, 1],
      [0, 0],
    ],
  },
];

const dilated: Case[] = [
  {
    x: [2, 9, 11, 3],
    filter: [3, 3, 3, 2],
    strides: 1,
    pad: 'same',
    dilations: 2,
  },
  {
    x: [2, 13, 9, 2],
    filter: [3, 2, 2, 3],
    strides: 1,
    pad: 'valid',
    dilations: [3, 2],
  },
  {
    x: [2, 12, 12, 2],
    filter: [3, 3, 2, 2],
    strides: 2,
    pad: 'same',
    dilations: 2,
  },
  {
    x: [2, 11, 10, 2],
    filter: [2, 3, 2, 2],
    strides: [2, 1],
    pad: 'valid',
    dilations: [1, 2],
  },
];

function label(c: Case): string {
  const pad = typeof c.pad === 'object' ? JSON.stringify(c.pad) : c.pad;
  return `x ${c.x} w ${c.filter} s ${c.strides} d ${c.dilations ?? 1} ${pad}`;
}

/** The conv's output gradient shape. */
function dyShape(c: Case): number[] {
  const g = convGeometry(
    c.x,
    c.filter,
    c.strides,
    c.dilations ?? 1,
    c.pad,
    undefined,
    false,
  );
  return g.outShape;
}

/**
 * Reference for a dilated filter gradient on 'cpu': the gradient of the
 * equivalent undilated filter with zeros inserted, sampled every d-th tap.
 */
function zeroInsertedReference(
  c: Case,
  x: tf.Tensor,
  dy: tf.Tensor,
): tf.Tensor {
  const [dh, dw] =
    typeof c.dilations === 'object'
      ? c.dilations
      : [c.dilations ?? 1, c.dilations ?? 1];
  const [kh, kw, ci, co] = c.filter;
  const big: Pair = [(kh - 1) * dh + 1, (kw - 1) * dw + 1];
  const full = tf.engine().runKernel(
    'Conv2DBackpropFilter',
    { x, dy },
    {
      strides: c.strides,
      pad: c.pad,
      dataFormat: 'NHWC',
      filterShape: [big[0], big[1], ci, co],
    },
  ) as tf.Tensor4D;
  return tf.stridedSlice(
    full,
    [0, 0, 0, 0],
    [big[0], big[1], ci, co],
    [dh, dw, 1, 1],
  );
}

describe('Conv2DBackpropFilter on wasm', () => {
  beforeAll(async () => {
    expect(await useWasmBackend()).toBe(true);
  });

  it.each(cases)(
    'tf.grad of conv2d matches cpu: $x $filter $strides $pad',
    async (c) => {
      const grads = (): tf.Tensor[] => {
        const x = randomTensor(7, `x ${label(c)}`, c.x);
        const w = randomTensor(7, `w ${label(c)}`, c.filter);
        const dy = randomTensor(7, `dy ${label(c)}`, dyShape(c));
        const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
          tf.sum(
            tf.mul(
              tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad),
              dy,
            ),
          );
        return tf.grads(f)([x, w]);
      };
      const [dxCpu, dwCpu] = await onBackend('cpu', grads);
      const [dxWasm, dwWasm] = await onBackend('wasm', grads);
      expect(relativeError(dwWasm!, dwCpu!)).toBeLessThan(tolerance);
      expect(relativeError(dxWasm!, dxCpu!)).toBeLessThan(tolerance);
    },
  );

  it.each(dilated)(
    'dilated kernel matches the zero-inserted cpu reference: $x $filter $strides $dilations',
    async (c) => {
      const x = (): tf.Tensor => randomTensor(11, `x ${label(c)}`, c.x);
      const dy = (): tf.Tensor =>
        randomTensor(11, `dy ${label(c)}`, dyShape(c));
      const [ref] = await onBackend('cpu', () => [
        zeroInsertedReference(c, x(), dy()),
      ]);
      const [got] = await onBackend('wasm', () => [
        tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x: x(), dy: dy() },
          {
            strides: c.strides,
            pad: c.pad,
            dataFormat: 'NHWC',
            filterShape: c.filter,
            dilations: c.dilations ?? 1,
          },
        ) as tf.Tensor,
      ]);
      expect(relativeError(got!, ref!)).toBeLessThan(tolerance);
    },
  );

  it.each([...cases.slice(0, 4), ...dilated])(
    'blocks of five output rows sum to the direct reference: $x $filter $strides $dilations',
    async (c) => {
      await tf.setBackend('wasm');
      const g = convGeometry(
        c.x,
        c.filter,
        c.strides,
        c.dilations ?? 1,
        c.pad,
        undefined,
        false,
      );
      const x = randomTensor(13, `x ${label(c)}`, c.x);
      const dy = randomTensor(13, `dy ${label(c)}`, g.outShape);
      const want = conv2dBackpropFilterDirect(
        x.dataSync() as Float32Array,
        dy.dataSync() as Float32Array,
        g,
      );
      // Five output rows per block: blocks straddle images, the last one
      // is short.
      const [kh, kw, ci, co] = c.filter;
      const bytes = 5 * g.outWidth * 4 * (kh * kw * ci + co);
      const kernel = conv2dBackpropFilterBlocked(bytes);
      const before = tf.backend().numDataIds();
      const info = kernel({
        inputs: { x, dy },
        backend: tf.backend(),
        attrs: {
          strides: c.strides,
          pad: c.pad,
          dataFormat: 'NHWC',
          filterShape: c.filter,
          dilations: c.dilations ?? 1,
        },
      }) as tf.TensorInfo;
      const got = tf.engine().makeTensorFromTensorInfo(info);
      expect(got.shape).toEqual(c.filter);
      expect(relativeError(got.dataSync() as Float32Array, want)).toBeLessThan(
        tolerance,
      );
      got.dispose();
      expect(tf.backend().numDataIds()).toBe(before);
      tf.dispose([x, dy]);
    },
  );

  it('frees its intermediates (Conv2DBackpropFilter and -Input)', async () => {
    await tf.setBackend('wasm');
    const x = randomTensor(1, 'x', [2, 9, 9, 3]);
    const w = randomTensor(1, 'w', [3, 3, 3, 4]);
    const dy = randomTensor(1, 'dy', [2, 9, 9, 4]);
    const w4 = randomTensor(1, 'w4', [3, 3, 4, 4]);
    const common = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
    const before = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) {
      const dw = tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        {
          ...common,
          filterShape: [3, 3, 3, 4],
        },
      ) as tf.Tensor;
      const dx = tf.engine().runKernel(
        'Conv2DBackpropInput',
        { dy, filter: w },
        {
          ...common,
          inputShape: [2, 9, 9, 3],
        },
      ) as tf.Tensor;
      // Strided: the matrix product and col2im.
      const dxStrided = tf.engine().runKernel(
        'Conv2DBackpropInput',
        { dy, filter: w },
        {
          ...common,
          strides: 2,
          inputShape: [2, 17, 17, 3],
        },
      ) as tf.Tensor;
      // Four input channels: the convolution through XNNPACK.
      const dxWide = tf.engine().runKernel(
        'Conv2DBackpropInput',
        { dy, filter: w4 },
        {
          ...common,
          inputShape: [2, 9, 9, 4],
        },
      ) as tf.Tensor;
      tf.dispose([dw, dx, dxStrided, dxWide]);
    }
    expect(tf.backend().numDataIds()).toBe(before);
    tf.dispose([x, w, w4, dy]);
  });

  it('refuses NCHW with the house error format', async () => {
    await tf.setBackend('wasm');
    const run = (): unknown =>
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        {
          x: tf.zeros([1, 2, 4, 4]),
          dy: tf.zeros([1, 2, 4, 4]),
        },
        {
          strides: 1,
          pad: 'same',
          dataFormat: 'NCHW',
          filterShape: [1, 1, 2, 2],
        },
      );
    expect(run).toThrow(/dataFormat must be NHWC; got NCHW/);
  });
});
