/** Flatten (opset 1-23): [prod(dims before axis), prod(dims from axis)]. */
import * as tf from '@tensorflow/tfjs-core';
import { registerConverter } from '../registry.js';
import { input, normalizeAxis, product } from '../support.js';

registerConverter({
  opType: 'Flatten',
  versions: [7, 23],
  summary: 'axis, negative included.',
  convert: (node) => {
    const axisAttribute = node.int('axis', 1);
    return (inputs) => {
      const x = input(node, inputs, 0);
      const axis =
        axisAttribute === x.rank
          ? x.rank
          : normalizeAxis(node, axisAttribute, x.rank);
      return [
        tf.reshape(x, [product(x.shape, 0, axis), product(x.shape, axis)]),
      ];
    };
  },
});
