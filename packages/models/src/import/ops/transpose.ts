/** Transpose (opset 1-23): `perm`, default the reversed axes. */
import * as tf from '@tensorflow/tfjs-core';
import { registerConverter } from '../registry.js';
import { input } from '../support.js';

registerConverter({
  opType: 'Transpose',
  versions: [7, 23],
  summary: 'perm, default reversed.',
  convert: (node) => {
    const perm = node.ints('perm');
    return (inputs) => [tf.transpose(input(node, inputs, 0), perm)];
  },
});
