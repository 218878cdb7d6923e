/**
 * LRN (opset 1-23) in ONNX's semantics, alpha divided by size: the models
 * package's LocalResponseNormalization layer on the NHWC view.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { LocalResponseNormalization } from '../../layers/lrn.js';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input, notImplemented, toNchw, toNhwc } from '../support.js';

const EVEN_SIZE =
  'Even sizes are not implemented (their window is lopsided; tfjs has a ' +
  'symmetric radius).';
const NOT_4D = 'Only 4-D (NCHW) inputs are implemented.';

function convertLrn(node: OnnxNode): NodeRun {
  const size = node.int('size', 0);
  if (size % 2 === 0) throw notImplemented(node, EVEN_SIZE);
  const layer = new LocalResponseNormalization({
    size,
    alpha: node.float('alpha', 1e-4),
    beta: node.float('beta', 0.75),
    bias: node.float('bias', 1),
  });
  return (inputs) => {
    const x = input(node, inputs, 0);
    if (x.rank !== 4) throw notImplemented(node, NOT_4D);
    return [toNchw(layer.call(toNhwc(x)) as tf.Tensor)];
  };
}

registerConverter({
  opType: 'LRN',
  versions: [7, 23],
  summary:
    'ONNX semantics (alpha divided by size), through the ' +
    'LocalResponseNormalization layer.',
  restrictions: [EVEN_SIZE, NOT_4D],
  convert: convertLrn,
});
