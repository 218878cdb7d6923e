/**
 * Conv (opset 1-23), 2-D: NCHW input, OIHW weight, optional bias. Runs as
 * tfjs's NHWC conv2d on an explicitly zero-padded input; groups equal to
 * the channels use depthwiseConv2d, other groups a conv per group.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input, notImplemented, toNchw, toNhwc } from '../support.js';
import { ONLY_2D, padding, readWindow } from './spatial.js';

const STRIDE_AND_DILATION =
  'Strides and dilations both above 1 on one axis are not implemented ' +
  '(tfjs refuses them).';

function convertConv(node: OnnxNode): NodeRun {
  const group = node.int('group', 1);
  const strides = node.ints('strides') ?? [1, 1];
  const dilations = node.ints('dilations') ?? [1, 1];
  if (strides.some((s, i) => s > 1 && (dilations[i] ?? 1) > 1)) {
    throw notImplemented(node, STRIDE_AND_DILATION);
  }
  return (inputs) => {
    const x = input(node, inputs, 0);
    const w = input(node, inputs, 1);
    const bias = inputs[2];
    if (x.rank !== 4 || w.rank !== 4) throw notImplemented(node, ONLY_2D);
    const win = readWindow(node, w.shape.slice(2));
    const pad = padding(win, x.shape.slice(2));
    const padded = tf.pad(x, [
      [0, 0],
      [0, 0],
      [pad.begin[0] ?? 0, pad.end[0] ?? 0],
      [pad.begin[1] ?? 0, pad.end[1] ?? 0],
    ]);
    const xs = toNhwc(padded);
    const stride = win.strides as [number, number];
    const dilation = win.dilations as [number, number];
    const channels = x.shape[1] ?? 0;
    const outChannels = w.shape[0] ?? 0;
    let y: tf.Tensor4D;
    if (group === 1) {
      const filter = tf.transpose(w, [2, 3, 1, 0]) as tf.Tensor4D;
      y = tf.conv2d(xs, filter, stride, 'valid', 'NHWC', dilation);
    } else if (group === channels && outChannels % channels === 0) {
      const [, , kh, kw] = w.shape as number[];
      const filter = tf.reshape(tf.transpose(w, [2, 3, 0, 1]), [
        kh ?? 1,
        kw ?? 1,
        channels,
        outChannels / channels,
      ]) as tf.Tensor4D;
      y = tf.depthwiseConv2d(xs, filter, stride, 'valid', 'NHWC', dilation);
    } else {
      if (channels % group !== 0 || outChannels % group !== 0) {
        throw node.invalid('group', 'divide the channels', group);
      }
      const xParts = tf.split(xs, group, 3);
      const wParts = tf.split(w, group, 0);
      const ys = xParts.map((part, g) => {
        const wg = wParts[g] as tf.Tensor;
        const filter = tf.transpose(wg, [2, 3, 1, 0]) as tf.Tensor4D;
        return tf.conv2d(
          part as tf.Tensor4D,
          filter,
          stride,
          'valid',
          'NHWC',
          dilation,
        );
      });
      y = tf.concat(ys, 3);
    }
    if (bias !== undefined) y = tf.add(y, bias) as tf.Tensor4D;
    return [toNchw(y)];
  };
}

registerConverter({
  opType: 'Conv',
  versions: [7, 23],
  summary:
    'pads, auto_pad (SAME_UPPER, SAME_LOWER, VALID), strides, ' +
    'dilations, group (depthwise when group = channels).',
  restrictions: [ONLY_2D, STRIDE_AND_DILATION],
  convert: convertConv,
});
