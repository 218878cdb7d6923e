/**
 * Constant (opset 1-23): `value` (a tensor), `value_float(s)` or
 * `value_int(s)`. Integers are held as int32, floats as float32.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerConverter } from '../registry.js';
import { notImplemented } from '../support.js';

const SPARSE_OR_STRING = 'A sparse_value or a string value is not implemented.';

registerConverter({
  opType: 'Constant',
  versions: [7, 23],
  summary: 'value, value_float(s), value_int(s).',
  restrictions: [SPARSE_OR_STRING],
  convert: (node, context) => {
    let value: tf.Tensor;
    const floats = node.floats('value_floats');
    const ints = node.ints('value_ints');
    if (node.has('value')) value = context.tensor(node.outputs[0] ?? '');
    else if (node.has('value_float')) {
      value = tf.scalar(node.float('value_float', 0), 'float32');
    } else if (node.has('value_int')) {
      value = tf.scalar(node.int('value_int', 0), 'int32');
    } else if (floats !== undefined) value = tf.tensor1d(floats, 'float32');
    else if (ints !== undefined) value = tf.tensor1d(ints, 'int32');
    else throw notImplemented(node, SPARSE_OR_STRING);
    const kept = tf.keep(value);
    return () => [tf.clone(kept)];
  },
});
