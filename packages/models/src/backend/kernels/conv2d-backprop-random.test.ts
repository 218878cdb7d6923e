import * as tf from '@tensorflow/tfjs-core';
import { RandomStream } from '@zoo/init';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  onBackend,
  randomTensor,
  relativeError,
} from '../../../test/helpers.js';
import { useWasmBackend } from '../use-best-backend.js';
import { convGeometry, type ConvPadding } from './conv-geometry.js';

// As in conv2d-backprop-filter.test.ts: float32 sums in different orders.
const tolerance = 1e-5;
const count = 12;

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: ConvPadding;
}

/** `count` convolution geometries drawn from a seeded stream. */
function randomCases(seed: number): Case[] {
  const words = new Uint32Array(count * 12);
  new RandomStream(seed, 'conv2d cases').words(words);
  let i = 0;
  const draw = (lo: number, hi: number): number =>
    lo + ((words[i++] ?? 0) % (hi - lo + 1));
  const cases: Case[] = [];
  while (cases.length < count) {
    const kh = draw(1, 5);
    const kw = draw(1, 5);
    const x: Case['x'] = [draw(1, 3), draw(kh, 13), draw(kw, 13), draw(1, 4)];
    const filter: Case['filter'] = [kh, kw, x[3], draw(1, 5)];
    const strides: Case['strides'] = [draw(1, 3), draw(1, 3)];
    const kind = draw(0, 2);
    const pad: ConvPadding =
      kind === 0
        ? 'same'
        : kind === 1
          ? 'valid'
          : [
              [0, 0],
              [draw(0, kh - 1), draw(0, kh - 1)],
              [draw(0, kw - 1), draw(0, kw - 1)],
              [0, 0],
            ];
    cases.push({ x, filter, strides, pad });
  }
  return cases;
}

describe('conv2d gradients on wasm, random geometries (seed 2026)', () => {
  beforeAll(async () => {
    expect(await useWasmBackend()).toBe(true);
  });

  it.each(randomCases(2026))(
    'match cpu: x $x w $filter s $strides',
    async (c) => {
      const key = JSON.stringify(c);
      const g = convGeometry(
        c.x,
        c.filter,
        c.strides,
        1,
        c.pad,
        undefined,
        false,
      );
      const grads = (): tf.Tensor[] => {
        const x = randomTensor(5, `x ${key}`, c.x);
        const w = randomTensor(5, `w ${key}`, c.filter);
        const dy = randomTensor(5, `dy ${key}`, g.outShape);
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
});
