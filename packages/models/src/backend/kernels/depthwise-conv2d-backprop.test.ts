import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  onBackend,
  randomTensor,
  relativeError,
} from '../../../test/helpers.js';
import { useWasmBackend } from '../use-best-backend.js';
import { convGeometry, type ConvPadding, type Pair } from './conv-geometry.js';

// Direct float32 summation on both sides; only the order differs.
const tolerance = 1e-5;

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | Pair;
  dilations: number | Pair;
  pad: ConvPadding;
}

const cases: Case[] = [
  {
    x: [2, 7, 9, 3],
    filter: [3, 3, 3, 2],
    strides: 1,
    dilations: 1,
    pad: 'same',
  },
  {
    x: [3, 11, 8, 2],
    filter: [5, 3, 2, 1],
    strides: 2,
    dilations: 1,
    pad: 'valid',
  },
  {
    x: [2, 9, 9, 4],
    filter: [3, 3, 4, 3],
    strides: 1,
    dilations: 2,
    pad: 'same',
  },
  {
    x: [2, 8, 7, 2],
    filter: [2, 3, 2, 2],
    strides: [2, 1],
    dilations: 1,
    pad: [
      [0, 0],
      [1, 0],
      [0, 2],
      [0, 0],
    ],
  },
];

function inputs(c: Case): { x: tf.Tensor; w: tf.Tensor; dy: tf.Tensor } {
  const key = JSON.stringify(c);
  const g = convGeometry(
    c.x,
    c.filter,
    c.strides,
    c.dilations,
    c.pad,
    undefined,
    true,
  );
  return {
    x: randomTensor(3, `x ${key}`, c.x),
    w: randomTensor(3, `w ${key}`, c.filter),
    dy: randomTensor(3, `dy ${key}`, g.outShape),
  };
}

/** Both backprop kernels, straight through the engine. */
function backprop(
  c: Case,
  dilations: number | Pair,
  w: tf.Tensor,
  x: tf.Tensor,
  dy: tf.Tensor,
): tf.Tensor[] {
  const common = { strides: c.strides, dilations, pad: c.pad };
  const dw = tf.engine().runKernel(
    'DepthwiseConv2dNativeBackpropFilter',
    { x, dy },
    {
      ...common,
      filterShape: w.shape,
    },
  ) as tf.Tensor;
  const dx = tf.engine().runKernel(
    'DepthwiseConv2dNativeBackpropInput',
    { dy, filter: w },
    {
      ...common,
      inputShape: c.x,
    },
  ) as tf.Tensor;
  return [dw, dx];
}

/**
 * The reference on 'cpu', whose depthwise backprop kernels ignore
 * dilations: the undilated equivalent filter (zeros inserted between taps),
 * its filter gradient sampled back at every d-th tap.
 */
function reference(c: Case): tf.Tensor[] {
  const { x, w, dy } = inputs(c);
  const [dh, dw] =
    typeof c.dilations === 'number' ? [c.dilations, c.dilations] : c.dilations;
  const [kh, kw, ch, m] = c.filter;
  const big = tf.buffer([(kh - 1) * dh + 1, (kw - 1) * dw + 1, ch, m]);
  const values = w.dataSync();
  let i = 0;
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++)
      for (let q = 0; q < ch; q++)
        for (let r = 0; r < m; r++)
          big.set(values[i++] ?? 0, a * dh, b * dw, q, r);
  const [gBig, gx] = backprop(c, 1, big.toTensor(), x, dy);
  const gw = tf.stridedSlice(gBig!, [0, 0, 0, 0], big.shape, [dh, dw, 1, 1]);
  return [gw, gx!];
}

describe('depthwise backprop kernels on wasm', () => {
  beforeAll(async () => {
    expect(await useWasmBackend()).toBe(true);
  });

  it.each(cases)('match cpu: $x $filter s $strides d $dilations', async (c) => {
    const [dwCpu, dxCpu] = await onBackend('cpu', () => reference(c));
    const [dwWasm, dxWasm] = await onBackend('wasm', () => {
      const { x, w, dy } = inputs(c);
      return backprop(c, c.dilations, w, x, dy);
    });
    expect(relativeError(dwWasm!, dwCpu!)).toBeLessThan(tolerance);
    expect(relativeError(dxWasm!, dxCpu!)).toBeLessThan(tolerance);
  });

  it('make tf.grad of depthwiseConv2d work on wasm', async () => {
    const f = (): tf.Tensor[] => {
      const x = randomTensor(5, 'x', [2, 6, 6, 3]);
      const w = randomTensor(5, 'w', [3, 3, 3, 2]);
      const loss = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
        tf.sum(
          tf.square(
            tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'),
          ),
        );
      return tf.grads(loss)([x, w]);
    };
    const cpu = await onBackend('cpu', f);
    const wasm = await onBackend('wasm', f);
    expect(relativeError(wasm[0]!, cpu[0]!)).toBeLessThan(tolerance);
    expect(relativeError(wasm[1]!, cpu[1]!)).toBeLessThan(tolerance);
  });
});
