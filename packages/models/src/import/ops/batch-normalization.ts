/**
 * BatchNormalization (opset 7-23) at inference: (x - mean) /
 * sqrt(var + epsilon) * scale + bias, per channel (axis 1).
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerConverter } from '../registry.js';
import { input, notImplemented } from '../support.js';

const TRAINING =
  'Training mode (training_mode = 1 or running statistics outputs) is ' +
  'not implemented.';

registerConverter({
  opType: 'BatchNormalization',
  versions: [7, 23],
  summary:
    'Inference: running mean and variance, epsilon; mean and variance ' +
    'are not trainable.',
  restrictions: [TRAINING],
  convert: (node) => {
    const epsilon = node.float('epsilon', 1e-5);
    const training = node.int('training_mode', 0) === 1;
    if (training || node.outputs.slice(1).some((o) => o !== '')) {
      throw notImplemented(node, TRAINING);
    }
    return (inputs) => {
      const x = input(node, inputs, 0);
      const shape = x.shape.map((d, i) => (i === 1 ? d : 1));
      const view = (i: number) => tf.reshape(input(node, inputs, i), shape);
      const inv = tf.rsqrt(tf.add(view(4), epsilon));
      const scale = tf.mul(view(1), inv);
      const y = tf.add(tf.mul(tf.sub(x, view(3)), scale), view(2));
      return [y];
    };
  },
});
