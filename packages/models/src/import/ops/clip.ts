/**
 * Clip: min and max as attributes (opset 1-10, defaults -/+ float max) or
 * as optional inputs (opset 11-23, absent means unbounded).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input } from '../support.js';

function clip(x: tf.Tensor, lo: tf.Tensor | number, hi: tf.Tensor | number) {
  return tf.minimum(tf.maximum(x, lo), hi);
}

function clipAttributes(node: OnnxNode): NodeRun {
  const lo = node.float('min', -3.4028234663852886e38);
  const hi = node.float('max', 3.4028234663852886e38);
  return (inputs) => [clip(input(node, inputs, 0), lo, hi)];
}

function clipInputs(node: OnnxNode): NodeRun {
  return (inputs) => {
    const x = input(node, inputs, 0);
    const lo = inputs[1] ?? -Infinity;
    const hi = inputs[2] ?? Infinity;
    const bound = (b: tf.Tensor | number) =>
      typeof b === 'number' ? b : tf.cast(b, x.dtype);
    return [tf.cast(clip(x, bound(lo), bound(hi)), x.dtype)];
  };
}

registerConverter({
  opType: 'Clip',
  versions: [7, 10],
  summary: 'min and max attributes.',
  convert: clipAttributes,
});
registerConverter({
  opType: 'Clip',
  versions: [11, 23],
  summary: 'min and max inputs, each optional.',
  convert: clipInputs,
});
