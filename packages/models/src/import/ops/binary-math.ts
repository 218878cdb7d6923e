/**
 * Add, Sub, Mul, Div (opset 7-23): numpy broadcasting, as tfjs's.
 * Integer Div truncates toward zero, as ONNX's reference does.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input } from '../support.js';

type Binary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

function divide(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.dtype !== 'int32') return tf.div(a, b);
  const q = tf.div(tf.cast(a, 'float32'), tf.cast(b, 'float32'));
  return tf.cast(tf.mul(tf.sign(q), tf.floor(tf.abs(q))), 'int32');
}

function binary(f: Binary): (node: OnnxNode) => NodeRun {
  return (node) => (inputs) => [
    f(input(node, inputs, 0), input(node, inputs, 1)),
  ];
}

const BROADCAST = 'numpy broadcasting.';
const ops: readonly [string, Binary, string][] = [
  ['Add', tf.add, BROADCAST],
  ['Div', divide, 'numpy broadcasting; integer Div truncates toward zero.'],
  ['Mul', tf.mul, BROADCAST],
  ['Sub', tf.sub, BROADCAST],
];
for (const [opType, f, summary] of ops) {
  registerConverter({
    opType,
    versions: [7, 23],
    summary,
    convert: binary(f),
  });
}
