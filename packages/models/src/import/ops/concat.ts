/** Concat (opset 4-23) along `axis` (negative from opset 11). */
import * as tf from '@tensorflow/tfjs-core';
import { registerConverter } from '../registry.js';
import { normalizeAxis } from '../support.js';

registerConverter({
  opType: 'Concat',
  versions: [7, 23],
  summary: 'axis, negative included.',
  convert: (node) => {
    const axisAttribute = node.int('axis', 0);
    return (inputs) => {
      const xs = inputs.filter((t): t is tf.Tensor => t !== undefined);
      const axis = normalizeAxis(node, axisAttribute, xs[0]?.rank ?? 1);
      return [tf.concat(xs, axis)];
    };
  },
});
