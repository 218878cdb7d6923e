/**
 * Identity (opset 1-23) and Dropout (opset 1-23) at inference: the input
 * unchanged; Dropout's optional mask output is all true.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerConverter } from '../registry.js';
import { input, intValues, notImplemented } from '../support.js';

const TRAINING_MODE =
  'A true training_mode is not implemented; Dropout is the identity.';

registerConverter({
  opType: 'Identity',
  versions: [7, 23],
  summary: 'A copy.',
  convert: (node) => (inputs) => [tf.clone(input(node, inputs, 0))],
});

registerConverter({
  opType: 'Dropout',
  versions: [7, 23],
  summary: 'Inference: the identity; the mask output is all true.',
  restrictions: [TRAINING_MODE],
  convert: (node) => (inputs) => {
    const x = input(node, inputs, 0);
    const training = inputs[2];
    if (training !== undefined && intValues(training)[0] !== 0) {
      throw notImplemented(node, TRAINING_MODE);
    }
    const outs = [tf.clone(x)];
    if ((node.outputs[1] ?? '') !== '')
      outs.push(tf.cast(tf.onesLike(x), 'bool'));
    return outs;
  },
});
