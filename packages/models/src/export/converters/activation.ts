/**
 * Activations, as separate layers (ReLU, Activation) or fused into Conv2D
 * and Dense: one ONNX node each; linear adds none.
 */
import { ZooNotImplementedError } from '../../errors.js';
import type { AttributeValue } from '../onnx-graph.js';
import type { Converter, ExportState } from './common.js';
import { inputShapeOf } from './common.js';

/** ONNX op of each tfjs activation; null: the identity. */
export const ACTIVATIONS: Readonly<Record<string, string | null>> = {
  linear: null,
  relu: 'Relu',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
  elu: 'Elu',
  softmax: 'Softmax',
};

/** Adds the node of an activation by tfjs name. */
export function addActivation(
  state: ExportState,
  fn: string,
  name: string,
  rank: number,
): void {
  const op = ACTIVATIONS[fn];
  if (op === undefined) {
    throw new ZooNotImplementedError(
      `exportOnnx: activation must be one of ` +
        `${Object.keys(ACTIVATIONS).join(', ')}; got ${fn} (${name})`,
    );
  }
  if (op === null) return;
  const attributes: Record<string, AttributeValue> = {};
  if (op === 'Elu') attributes['alpha'] = { f: 1 };
  // The channel axis is last in tfjs and 1 in NCHW.
  if (op === 'Softmax') attributes['axis'] = { i: rank === 4 ? 1 : -1 };
  state.current = state.graph.addNode(op, name, [state.current], attributes);
}

/** tfjs's Activation layer. */
export const convertActivation: Converter = (layer, config, state) =>
  addActivation(
    state,
    String(config['activation']),
    layer.name,
    inputShapeOf(layer).length,
  );

/** tfjs's ReLU layer, without maxValue. */
export const convertRelu: Converter = (layer, config, state) => {
  if (config['maxValue'] !== undefined && config['maxValue'] !== null) {
    throw new ZooNotImplementedError(
      `exportOnnx: ReLU ${layer.name} maxValue must be unset; ` +
        `got ${String(config['maxValue'])}`,
    );
  }
  addActivation(state, 'relu', layer.name, 4);
};
