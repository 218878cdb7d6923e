/**
 * Reshape (opset 5-23): shape from input 1; 0 copies the input's dim
 * (unless allowzero = 1, opset 14), -1 is inferred.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerConverter } from '../registry.js';
import { input, intValues } from '../support.js';

registerConverter({
  opType: 'Reshape',
  versions: [7, 23],
  summary: '0 copies a dim (unless allowzero = 1), -1 is inferred.',
  convert: (node) => {
    const allowZero = node.int('allowzero', 0) === 1;
    return (inputs) => {
      const x = input(node, inputs, 0);
      const shape = intValues(input(node, inputs, 1)).map((d, i) =>
        d === 0 && !allowZero ? (x.shape[i] ?? 0) : d,
      );
      return [tf.reshape(x, shape)];
    };
  },
});
