/**
 * Squeeze and Unsqueeze: axes as an attribute (opset 1-12) or an input
 * (opset 13-23). Squeeze without axes removes every dimension of size 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input, intValues, normalizeAxis } from '../support.js';

type AxesOf = (
  inputs: readonly (tf.Tensor | undefined)[],
) => number[] | undefined;

function axesFrom(node: OnnxNode, fromInput: boolean): AxesOf {
  if (!fromInput) {
    const axes = node.ints('axes');
    return () => axes;
  }
  return (inputs) =>
    inputs[1] === undefined ? undefined : intValues(inputs[1]);
}

function squeeze(fromInput: boolean): (node: OnnxNode) => NodeRun {
  return (node) => {
    const axesOf = axesFrom(node, fromInput);
    return (inputs) => {
      const x = input(node, inputs, 0);
      const axes = axesOf(inputs)?.map((a) => normalizeAxis(node, a, x.rank));
      return [tf.squeeze(x, axes)];
    };
  };
}

function unsqueeze(fromInput: boolean): (node: OnnxNode) => NodeRun {
  return (node) => {
    const axesOf = axesFrom(node, fromInput);
    return (inputs) => {
      const x = input(node, inputs, 0);
      const raw = axesOf(inputs) ?? [];
      const rank = x.rank + raw.length;
      const axes = new Set(raw.map((a) => normalizeAxis(node, a, rank)));
      const shape: number[] = [];
      let next = 0;
      for (let i = 0; i < rank; i++) {
        shape.push(axes.has(i) ? 1 : (x.shape[next++] ?? 1));
      }
      return [tf.reshape(x, shape)];
    };
  };
}

registerConverter({
  opType: 'Squeeze',
  versions: [7, 12],
  summary: 'axes attribute, or every dim of size 1.',
  convert: squeeze(false),
});
registerConverter({
  opType: 'Squeeze',
  versions: [13, 23],
  summary: 'axes input, or every dim of size 1.',
  convert: squeeze(true),
});
registerConverter({
  opType: 'Unsqueeze',
  versions: [7, 12],
  summary: 'axes attribute.',
  convert: unsqueeze(false),
});
registerConverter({
  opType: 'Unsqueeze',
  versions: [13, 23],
  summary: 'axes input.',
  convert: unsqueeze(true),
});
