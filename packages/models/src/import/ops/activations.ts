/** Relu, LeakyRelu (alpha, default 0.01), Sigmoid, Tanh (opset 1-23). */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input } from '../support.js';

function unary(f: (x: tf.Tensor) => tf.Tensor): (node: OnnxNode) => NodeRun {
  return (node) => (inputs) => [f(input(node, inputs, 0))];
}

registerConverter({
  opType: 'Relu',
  versions: [7, 23],
  summary: 'max(x, 0).',
  convert: unary(tf.relu),
});
registerConverter({
  opType: 'Sigmoid',
  versions: [7, 23],
  summary: '1 / (1 + exp(-x)).',
  convert: unary(tf.sigmoid),
});
registerConverter({
  opType: 'Tanh',
  versions: [7, 23],
  summary: 'tanh(x).',
  convert: unary(tf.tanh),
});
registerConverter({
  opType: 'LeakyRelu',
  versions: [7, 23],
  summary: 'alpha (default 0.01).',
  convert: (node) => {
    const alpha = node.float('alpha', 0.01);
    return unary((x) => tf.leakyRelu(x, alpha))(node);
  },
});
