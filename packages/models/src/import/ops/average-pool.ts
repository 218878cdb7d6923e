/**
 * AveragePool (opset 1-23), 2-D: pads, auto_pad, strides, ceil_mode and
 * count_include_pad. A window's sum over the zero-padded input is divided
 * by its count: a pooled mask that is 1 on the input (and, with
 * count_include_pad, on the explicit pads) and 0 on ceil_mode's extra.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input, notImplemented, toNchw, toNhwc } from '../support.js';
import { ONLY_2D, padding, readWindow } from './spatial.js';

const DILATIONS = 'Dilations other than 1 are not implemented.';

function convertAveragePool(node: OnnxNode): NodeRun {
  const win = readWindow(node, undefined);
  if (win.dilations.some((d) => d !== 1)) throw notImplemented(node, DILATIONS);
  const includePad = node.int('count_include_pad', 0) === 1;
  const kernel = win.kernel as [number, number];
  const strides = win.strides as [number, number];
  return (inputs) => {
    const x = input(node, inputs, 0);
    if (x.rank !== 4) throw notImplemented(node, ONLY_2D);
    const [, , h, w] = x.shape as number[];
    const p = padding(win, [h ?? 0, w ?? 0]);
    const all: [number, number][] = [0, 1].map((i) => [
      p.begin[i] ?? 0,
      (p.end[i] ?? 0) + (p.extra[i] ?? 0),
    ]);
    const xs = tf.pad(toNhwc(x), [[0, 0], ...all, [0, 0]]);
    const sums = tf.mul(
      tf.avgPool(xs as tf.Tensor4D, kernel, strides, 'valid'),
      kernel[0] * kernel[1],
    );
    const mask = includePad
      ? tf.pad(
          tf.ones([
            1,
            (h ?? 0) + (p.begin[0] ?? 0) + (p.end[0] ?? 0),
            (w ?? 0) + (p.begin[1] ?? 0) + (p.end[1] ?? 0),
            1,
          ]),
          [
            [0, 0],
            [0, p.extra[0] ?? 0],
            [0, p.extra[1] ?? 0],
            [0, 0],
          ],
        )
      : tf.pad(tf.ones([1, h ?? 0, w ?? 0, 1]), [[0, 0], ...all, [0, 0]]);
    const counts = tf.mul(
      tf.avgPool(mask as tf.Tensor4D, kernel, strides, 'valid'),
      kernel[0] * kernel[1],
    );
    return [toNchw(tf.div(sums, counts))];
  };
}

registerConverter({
  opType: 'AveragePool',
  versions: [7, 23],
  summary: 'pads, auto_pad, strides, ceil_mode, count_include_pad.',
  restrictions: [ONLY_2D, DILATIONS],
  convert: convertAveragePool,
});
