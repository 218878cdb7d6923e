/** GlobalAveragePool (opset 1-23): the mean over every axis after 1. */
import * as tf from '@tensorflow/tfjs-core';
import { registerConverter } from '../registry.js';
import { input } from '../support.js';

registerConverter({
  opType: 'GlobalAveragePool',
  versions: [7, 23],
  summary: 'Mean over all spatial axes.',
  convert: (node) => (inputs) => {
    const x = input(node, inputs, 0);
    const axes = x.shape.map((_, i) => i).slice(2);
    return [tf.mean(x, axes, true)];
  },
});
