/** Shape (opset 1-23; start and end from 15, clamped) as int32. */
import * as tf from '@tensorflow/tfjs-core';
import { registerConverter } from '../registry.js';
import { input } from '../support.js';

registerConverter({
  opType: 'Shape',
  versions: [7, 23],
  summary: 'start and end (opset 15).',
  convert: (node) => {
    const start = node.int('start', 0);
    const end = node.has('end') ? node.int('end', 0) : undefined;
    return (inputs) => {
      const dims = input(node, inputs, 0).shape;
      const r = dims.length;
      const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
      const picked = dims.slice(clamp(start), clamp(end ?? r));
      return [tf.tensor1d(picked, 'int32')];
    };
  },
});
