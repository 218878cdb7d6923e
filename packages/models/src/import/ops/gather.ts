/** Gather (opset 1-23) along `axis`; negative indices count from the end. */
import * as tf from '@tensorflow/tfjs-core';
import { registerConverter } from '../registry.js';
import { input, normalizeAxis } from '../support.js';

registerConverter({
  opType: 'Gather',
  versions: [7, 23],
  summary: 'axis; negative indices.',
  convert: (node) => {
    const axisAttribute = node.int('axis', 0);
    return (inputs) => {
      const x = input(node, inputs, 0);
      const axis = normalizeAxis(node, axisAttribute, x.rank);
      const raw = tf.cast(input(node, inputs, 1), 'int32');
      const size = x.shape[axis] ?? 0;
      const indices = tf.where(
        tf.less(raw, 0),
        tf.add(raw, tf.scalar(size, 'int32')),
        raw,
      );
      return [tf.gather(x, indices, axis)];
    };
  },
});
