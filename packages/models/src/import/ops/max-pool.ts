/**
 * MaxPool (opset 1-23), 2-D: pads, auto_pad, strides and ceil_mode. The
 * input is padded with -Infinity (the padding never wins a window) and
 * pooled by tfjs's NHWC maxPool with no padding.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input, notImplemented, toNchw, toNhwc } from '../support.js';
import { ONLY_2D, padding, readWindow } from './spatial.js';

const DILATIONS = 'Dilations other than 1 are not implemented.';
const INDICES = 'The Indices output is not implemented.';
const STORAGE_ORDER = 'A storage_order other than 0 is not implemented.';

function convertMaxPool(node: OnnxNode): NodeRun {
  const win = readWindow(node, undefined);
  if (win.dilations.some((d) => d !== 1)) throw notImplemented(node, DILATIONS);
  if ((node.outputs[1] ?? '') !== '') throw notImplemented(node, INDICES);
  if (node.int('storage_order', 0) !== 0) {
    throw notImplemented(node, STORAGE_ORDER);
  }
  return (inputs) => {
    const x = input(node, inputs, 0);
    if (x.rank !== 4) throw notImplemented(node, ONLY_2D);
    const pad = padding(win, x.shape.slice(2));
    // tfjs pools float32 only; integers are exact in float32 up to 2^24.
    const xf = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
    const padded = tf.pad(
      xf,
      [
        [0, 0],
        [0, 0],
        [pad.begin[0] ?? 0, (pad.end[0] ?? 0) + (pad.extra[0] ?? 0)],
        [pad.begin[1] ?? 0, (pad.end[1] ?? 0) + (pad.extra[1] ?? 0)],
      ],
      -Infinity,
    );
    const y = tf.maxPool(
      toNhwc(padded),
      win.kernel as [number, number],
      win.strides as [number, number],
      'valid',
    );
    return [x.dtype === 'float32' ? toNchw(y) : tf.cast(toNchw(y), x.dtype)];
  };
}

registerConverter({
  opType: 'MaxPool',
  versions: [7, 23],
  summary: 'pads, auto_pad, strides, ceil_mode.',
  restrictions: [ONLY_2D, DILATIONS, INDICES, STORAGE_ORDER],
  convert: convertMaxPool,
});
