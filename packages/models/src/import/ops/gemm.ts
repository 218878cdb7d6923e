/** Gemm (opset 7-23): alpha * A' B' + beta * C, C optional from 11. */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input } from '../support.js';

function convertGemm(node: OnnxNode): NodeRun {
  const alpha = node.float('alpha', 1);
  const beta = node.float('beta', 1);
  const transA = node.int('transA', 0) === 1;
  const transB = node.int('transB', 0) === 1;
  return (inputs) => {
    const a = input(node, inputs, 0);
    const b = input(node, inputs, 1);
    let y = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, transA, transB);
    if (alpha !== 1) y = tf.mul(y, alpha);
    const c = inputs[2];
    if (c !== undefined) y = tf.add(y, beta === 1 ? c : tf.mul(c, beta));
    return [y];
  };
}

registerConverter({
  opType: 'Gemm',
  versions: [7, 23],
  summary: 'alpha, beta, transA, transB; C optional, broadcast.',
  convert: convertGemm,
});
