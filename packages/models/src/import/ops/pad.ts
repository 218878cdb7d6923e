/**
 * Pad: pads and value as attributes (opset 2-10) or inputs (opset 11-23);
 * modes constant, reflect and edge. Negative pads crop.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxNode } from '../node.js';
import { registerConverter, type NodeRun } from '../registry.js';
import { input, intValues, notImplemented } from '../support.js';

const MODES =
  'Modes other than constant, reflect and edge are not implemented.';
const AXES = 'The axes input (opset 18) is not implemented.';

/** Edge padding: the first and last slices of each axis repeated. */
function edgePad(x: tf.Tensor, grow: readonly [number, number][]): tf.Tensor {
  let y = x;
  grow.forEach(([before, after], axis) => {
    const n = y.shape[axis] ?? 0;
    const parts: tf.Tensor[] = [];
    const edge = (at: number, times: number) => {
      const begin = y.shape.map((_, i) => (i === axis ? at : 0));
      const size = y.shape.map((d, i) => (i === axis ? 1 : d));
      const reps = y.shape.map((_, i) => (i === axis ? times : 1));
      return tf.tile(tf.slice(y, begin, size), reps);
    };
    if (before > 0) parts.push(edge(0, before));
    parts.push(y);
    if (after > 0) parts.push(edge(n - 1, after));
    if (parts.length > 1) y = tf.concat(parts, axis);
  });
  return y;
}

function pad(
  x: tf.Tensor,
  pads: readonly number[],
  mode: string,
  value: number,
): tf.Tensor {
  const r = x.rank;
  const grow: [number, number][] = x.shape.map((_, i) => [
    Math.max(pads[i] ?? 0, 0),
    Math.max(pads[i + r] ?? 0, 0),
  ]);
  let y: tf.Tensor;
  if (mode === 'reflect') y = tf.mirrorPad(x, grow, 'reflect');
  else if (mode === 'edge') y = edgePad(x, grow);
  else y = tf.pad(x, grow, value);
  if (pads.some((p) => p < 0)) {
    const begin = y.shape.map((_, i) => Math.max(-(pads[i] ?? 0), 0));
    const size = y.shape.map(
      (d, i) => d - (begin[i] ?? 0) - Math.max(-(pads[i + r] ?? 0), 0),
    );
    y = tf.slice(y, begin, size);
  }
  return y;
}

function readMode(node: OnnxNode): string {
  const mode = node.string('mode', 'constant');
  if (!['constant', 'reflect', 'edge'].includes(mode)) {
    throw notImplemented(node, MODES);
  }
  return mode;
}

function padAttributes(node: OnnxNode): NodeRun {
  const mode = readMode(node);
  const pads = node.ints('pads') ?? [];
  const value = node.float('value', 0);
  return (inputs) => [pad(input(node, inputs, 0), pads, mode, value)];
}

function padInputs(node: OnnxNode): NodeRun {
  const mode = readMode(node);
  if (node.hasInput(3)) throw notImplemented(node, AXES);
  return (inputs) => {
    const given = inputs[2];
    const value = given === undefined ? 0 : (intValues(given)[0] ?? 0);
    const pads = intValues(input(node, inputs, 1));
    return [pad(input(node, inputs, 0), pads, mode, value)];
  };
}

registerConverter({
  opType: 'Pad',
  versions: [7, 10],
  summary:
    'pads and value attributes; constant, reflect, edge; negative pads crop.',
  restrictions: [MODES],
  convert: padAttributes,
});
registerConverter({
  opType: 'Pad',
  versions: [11, 23],
  summary:
    'pads and constant_value inputs; constant, reflect, edge; negative ' +
    'pads crop.',
  restrictions: [MODES, AXES],
  convert: padInputs,
});
