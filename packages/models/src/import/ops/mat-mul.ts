/**
 * MatMul (opset 1-23), numpy.matmul semantics: a 1-D first operand gets a
 * leading 1, a 1-D second a trailing 1, both removed from the result;
 * batch dimensions broadcast.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input } from '../support.js';

function convertMatMul(node: OnnxNode): NodeRun {
  return (inputs) => {
    let a = input(node, inputs, 0);
    let b = input(node, inputs, 1);
    const vectorA = a.rank === 1;
    const vectorB = b.rank === 1;
    if (vectorA) a = tf.expandDims(a, 0);
    if (vectorB) b = tf.expandDims(b, 1);
    let y = tf.matMul(a, b);
    if (vectorB) y = tf.squeeze(y, [y.rank - 1]);
    if (vectorA) y = tf.squeeze(y, [y.rank - (vectorB ? 1 : 2)]);
    return [y];
  };
}

registerConverter({
  opType: 'MatMul',
  versions: [7, 23],
  summary: 'numpy.matmul: 1-D operands, broadcast batch dimensions.',
  convert: convertMatMul,
});
