/**
 * Softmax and LogSoftmax. Opset 1-12: the input is coerced to 2-D at
 * `axis` (default 1) and normalized over the second dimension. Opset
 * 13-23: normalized along `axis` alone (default -1).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input, normalizeAxis, product } from '../support.js';

type Normalize = (x: tf.Tensor) => tf.Tensor;

function coerced(f: Normalize): (node: OnnxNode) => NodeRun {
  return (node) => {
    const axisAttribute = node.int('axis', 1);
    return (inputs) => {
      const x = input(node, inputs, 0);
      const axis = normalizeAxis(node, axisAttribute, x.rank);
      const flat = tf.reshape(x, [
        product(x.shape, 0, axis),
        product(x.shape, axis),
      ]);
      return [tf.reshape(f(flat), x.shape)];
    };
  };
}

function singleAxis(f: Normalize): (node: OnnxNode) => NodeRun {
  return (node) => {
    const axisAttribute = node.int('axis', -1);
    return (inputs) => {
      const x = input(node, inputs, 0);
      const axis = normalizeAxis(node, axisAttribute, x.rank);
      if (axis === x.rank - 1) return [f(x)];
      const perm = x.shape.map((_, i) => i);
      perm[axis] = x.rank - 1;
      perm[x.rank - 1] = axis;
      return [tf.transpose(f(tf.transpose(x, perm)), perm)];
    };
  };
}

const softmax: Normalize = (x) => tf.softmax(x);
const logSoftmax: Normalize = (x) => tf.logSoftmax(x);

registerConverter({
  opType: 'Softmax',
  versions: [7, 12],
  summary: 'Coerced to 2-D at axis (default 1).',
  convert: coerced(softmax),
});
registerConverter({
  opType: 'Softmax',
  versions: [13, 23],
  summary: 'Along axis alone (default -1).',
  convert: singleAxis(softmax),
});
registerConverter({
  opType: 'LogSoftmax',
  versions: [7, 12],
  summary: 'Coerced to 2-D at axis (default 1).',
  convert: coerced(logSoftmax),
});
registerConverter({
  opType: 'LogSoftmax',
  versions: [13, 23],
  summary: 'Along axis alone (default -1).',
  convert: singleAxis(logSoftmax),
});
