/**
 * What the layer converters share: the walk's state, weight lookup and
 * config parsing. Weights are named after the layer, as PyTorch names
 * them: `conv1.weight`, `fc6.bias`, `bn1_1.running_mean`.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { ZooNotImplementedError } from '../../errors.js';
import type { Pads2D } from '../geometry.js';
import type { OnnxGraph } from '../onnx-graph.js';

/** What the converters share while walking the layers. */
export interface ExportState {
  readonly graph: OnnxGraph;
  /** The tensor the next layer reads. */
  current: string;
  /** Zero padding waiting to be folded into the next Conv. */
  pendingPad: { readonly name: string; readonly pads: Pads2D } | undefined;
  /** [h, w, c] of a Flatten whose order the next Dense must undo. */
  flattened: [number, number, number] | undefined;
}

/** A layer of a tfjs-layers model. */
export type Layer = LayersModel['layers'][number];
/** A layer's getConfig(). */
export type Config = Record<string, unknown>;
/** Adds one layer's nodes and initializers to the graph. */
export type Converter = (
  layer: Layer,
  config: Config,
  state: ExportState,
) => void;

/** A number or a pair of numbers (kernel sizes, strides) as a pair. */
export function pair(value: unknown, where: string): [number, number] {
  const v = Array.isArray(value) ? value : [value, value];
  const [a, b] = v as unknown[];
  if (typeof a !== 'number' || typeof b !== 'number') {
    throw new RangeError(`${where} must be a number or a pair; got ${value}`);
  }
  return [a, b];
}

/** The weight `suffix` (kernel, bias, gamma...) of a layer, with its shape. */
export function weight(layer: Layer, suffix: string) {
  const variable = layer.weights.find((w) =>
    w.originalName.endsWith(`/${suffix}`),
  );
  if (variable === undefined) return undefined;
  const tensor = variable.read() as tf.Tensor;
  return {
    values: tensor.dataSync() as Float32Array,
    shape: tensor.shape,
  };
}

/** Like `weight`, but a missing weight is an error. */
export function requireWeight(layer: Layer, suffix: string) {
  const found = weight(layer, suffix);
  if (found === undefined) {
    throw new Error(
      `exportOnnx: layer ${layer.name} must have a weight ${suffix}; got ` +
        layer.weights.map((w) => w.originalName).join(', '),
    );
  }
  return found;
}

/** The shape of the layer's input, batch first (null). */
export function inputShapeOf(layer: Layer): (number | null)[] {
  const shapes = layer.inboundNodes[0]?.inputShapes ?? [];
  const first = Array.isArray(shapes[0]) ? shapes[0] : shapes;
  return first as (number | null)[];
}

/** NHWC spatial size [h, w] of the layer's input. */
export function inputSize(layer: Layer): [number, number] {
  const shape = inputShapeOf(layer);
  return [shape[1] ?? 0, shape[2] ?? 0];
}

/** Throws unless the layer is NHWC (tfjs's channelsLast). */
export function channelsLast(layer: Layer, config: Config): void {
  const format = config['dataFormat'];
  if (format !== undefined && format !== 'channelsLast') {
    throw new ZooNotImplementedError(
      `exportOnnx: layer ${layer.name} dataFormat must be channelsLast; ` +
        `got ${String(format)}`,
    );
  }
}
