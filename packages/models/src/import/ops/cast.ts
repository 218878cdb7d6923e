/**
 * Cast (opset 1-23) to the tfjs type that holds the ONNX type: float32 for
 * every float type, int32 for integers, bool. Float to integer truncates.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerConverter } from '../registry.js';
import { input, notImplemented, tfDtypeOf } from '../support.js';

const TYPES =
  'Casts to strings, complex and 8- or 4-bit float types are not implemented.';

registerConverter({
  opType: 'Cast',
  versions: [7, 23],
  summary:
    'Floats become float32, integers int32 (64-bit clamped), bool; ' +
    'float to integer truncates.',
  restrictions: [TYPES],
  convert: (node) => {
    const to = tfDtypeOf(node.int('to', 0));
    if (to === undefined) throw notImplemented(node, TYPES);
    return (inputs) => {
      const x = input(node, inputs, 0);
      if (to === 'int32' && x.dtype === 'float32') {
        return [tf.cast(tf.mul(tf.sign(x), tf.floor(tf.abs(x))), 'int32')];
      }
      return [tf.cast(x, to)];
    };
  },
});
