/**
 * One converter per tfjs-layers class: each adds the ONNX nodes and
 * initializers of one layer to the graph, in NCHW. Weights are named
 * after the layer, as PyTorch names them: `conv1.weight`, `fc6.bias`,
 * `bn1_1.running_mean`.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { ZooNotImplementedError } from '../errors.js';
import {
  addPads,
  denseToOutIn,
  hwioToOihw,
  samePads,
  type Pads2D,
} from './geometry.js';
import type { AttributeValue, OnnxGraph } from './onnx-graph.js';

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

type Layer = LayersModel['layers'][number];
type Config = Record<string, unknown>;
type Converter = (layer: Layer, config: Config, state: ExportState) => void;

const ACTIVATIONS: Readonly<Record<string, string | null>> = {
  linear: null,
  relu: 'Relu',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
  elu: 'Elu',
  softmax: 'Softmax',
};

function pair(value: unknown, where: string): [number, number] {
  const v = Array.isArray(value) ? value : [value, value];
  const [a, b] = v as unknown[];
  if (typeof a !== 'number' || typeof b !== 'number') {
    throw new RangeError(`${where} must be a number or a pair; got ${value}`);
  }
  return [a, b];
}

/** The weight `suffix` (kernel, bias, gamma...) of a layer, with its shape. */
function weight(layer: Layer, suffix: string) {
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

function requireWeight(layer: Layer, suffix: string) {
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
function inputSize(layer: Layer): [number, number] {
  const shape = inputShapeOf(layer);
  return [shape[1] ?? 0, shape[2] ?? 0];
}

function channelsLast(layer: Layer, config: Config): void {
  const format = config['dataFormat'];
  if (format !== undefined && format !== 'channelsLast') {
    throw new ZooNotImplementedError(
      `exportOnnx: layer ${layer.name} dataFormat must be channelsLast; ` +
        `got ${String(format)}`,
    );
  }
}

/** Adds the node of an activation by tfjs name; returns the output. */
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

function takePad(state: ExportState): Pads2D {
  const pads = state.pendingPad?.pads ?? [0, 0, 0, 0];
  state.pendingPad = undefined;
  return pads;
}

function convert2d(layer: Layer, config: Config, state: ExportState): void {
  channelsLast(layer, config);
  const kernel = requireWeight(layer, 'kernel');
  const bias = weight(layer, 'bias');
  const size: [number, number] = [kernel.shape[0] ?? 0, kernel.shape[1] ?? 0];
  const strides = pair(config['strides'] ?? 1, `${layer.name} strides`);
  const dilations = pair(config['dilationRate'] ?? 1, `${layer.name} dilation`);
  const own = samePads(
    String(config['padding']),
    inputSize(layer),
    size,
    strides,
    dilations,
  );
  const pads = addPads(takePad(state), own);
  const oihw = hwioToOihw(kernel.values, kernel.shape);
  const inputs = [
    state.current,
    state.graph.addFloat(`${layer.name}.weight`, oihw.shape, oihw.values),
  ];
  if (bias !== undefined) {
    inputs.push(
      state.graph.addFloat(`${layer.name}.bias`, bias.shape, bias.values),
    );
  }
  const groups = Number(config['groups'] ?? 1);
  state.current = state.graph.addNode('Conv', layer.name, inputs, {
    kernel_shape: { ints: size },
    strides: { ints: strides },
    dilations: { ints: dilations },
    pads: { ints: pads },
    group: { i: groups },
  });
  const fn = String(config['activation'] ?? 'linear');
  addActivation(state, fn, `${layer.name}_${fn}`, 4);
}

function convertDense(layer: Layer, config: Config, state: ExportState): void {
  if (inputShapeOf(layer).length !== 2) {
    throw new ZooNotImplementedError(
      `exportOnnx: dense layer ${layer.name} input must be 2-D (after ` +
        `Flatten); got shape [${inputShapeOf(layer).join(', ')}]`,
    );
  }
  const kernel = requireWeight(layer, 'kernel');
  const bias = weight(layer, 'bias');
  const outIn = denseToOutIn(kernel.values, kernel.shape, state.flattened);
  state.flattened = undefined;
  const inputs = [
    state.current,
    state.graph.addFloat(`${layer.name}.weight`, outIn.shape, outIn.values),
  ];
  if (bias !== undefined) {
    inputs.push(
      state.graph.addFloat(`${layer.name}.bias`, bias.shape, bias.values),
    );
  }
  state.current = state.graph.addNode('Gemm', layer.name, inputs, {
    alpha: { f: 1 },
    beta: { f: 1 },
    transB: { i: 1 },
  });
  const fn = String(config['activation'] ?? 'linear');
  addActivation(state, fn, `${layer.name}_${fn}`, 2);
}

function convertPool(op: string): Converter {
  return (layer, config, state) => {
    channelsLast(layer, config);
    const size = pair(config['poolSize'], `${layer.name} poolSize`);
    const strides = pair(config['strides'] ?? size, `${layer.name} strides`);
    const pads = samePads(
      String(config['padding']),
      inputSize(layer),
      size,
      strides,
    );
    const attributes: Record<string, AttributeValue> = {
      kernel_shape: { ints: size },
      strides: { ints: strides },
      pads: { ints: pads },
    };
    // TensorFlow averages over the pixels inside the image only.
    if (op === 'AveragePool') attributes['count_include_pad'] = { i: 0 };
    state.current = state.graph.addNode(op, layer.name, [state.current], {
      ...attributes,
    });
  };
}

function convertZeroPad(layer: Layer, config: Config, state: ExportState) {
  channelsLast(layer, config);
  const [[top, bottom], [left, right]] = config['padding'] as [
    [number, number],
    [number, number],
  ];
  const pads: Pads2D = [top, left, bottom, right];
  state.pendingPad = {
    name: layer.name,
    pads: addPads(state.pendingPad?.pads ?? [0, 0, 0, 0], pads),
  };
}

function convertFlatten(layer: Layer, _config: Config, state: ExportState) {
  const shape = inputShapeOf(layer);
  if (shape.length === 4) {
    state.flattened = [shape[1] ?? 0, shape[2] ?? 0, shape[3] ?? 0];
  }
  state.current = state.graph.addNode('Flatten', layer.name, [state.current], {
    axis: { i: 1 },
  });
}

function convertBatchNorm(layer: Layer, config: Config, state: ExportState) {
  const axis = Number(config['axis'] ?? -1);
  const rank = inputShapeOf(layer).length;
  if (axis !== -1 && axis !== rank - 1) {
    throw new ZooNotImplementedError(
      `exportOnnx: batch normalization ${layer.name} axis must be the ` +
        `channels (-1); got ${axis}`,
    );
  }
  const mean = requireWeight(layer, 'moving_mean');
  const channels = mean.values.length;
  const param = (suffix: string, fill: number) =>
    weight(layer, suffix)?.values ?? new Float32Array(channels).fill(fill);
  const add = (suffix: string, values: Float32Array) =>
    state.graph.addFloat(`${layer.name}.${suffix}`, [channels], values);
  const inputs = [
    state.current,
    add('weight', param('gamma', 1)),
    add('bias', param('beta', 0)),
    add('running_mean', mean.values),
    add('running_var', requireWeight(layer, 'moving_variance').values),
  ];
  state.current = state.graph.addNode(
    'BatchNormalization',
    layer.name,
    inputs,
    { epsilon: { f: Number(config['epsilon'] ?? 1e-3) } },
  );
}

function convertLrn(layer: Layer, config: Config, state: ExportState) {
  // Zoo's LRN layer already has ONNX's convention (alpha divided by size).
  const { size, alpha, beta, bias } = config as Record<string, number>;
  state.current = state.graph.addNode('LRN', layer.name, [state.current], {
    size: { i: size ?? 0 },
    alpha: { f: alpha ?? 0 },
    beta: { f: beta ?? 0 },
    bias: { f: bias ?? 0 },
  });
}

/** Converters by tfjs class name; layers that keep the order of values. */
export const CONVERTERS: Readonly<Record<string, Converter>> = {
  Activation: (layer, config, state) =>
    addActivation(
      state,
      String(config['activation']),
      layer.name,
      inputShapeOf(layer).length,
    ),
  AveragePooling2D: convertPool('AveragePool'),
  BatchNormalization: convertBatchNorm,
  Conv2D: convert2d,
  Dense: convertDense,
  // Inference mode: dropout is the identity.
  Dropout: () => undefined,
  Flatten: convertFlatten,
  InputLayer: () => undefined,
  MaxPooling2D: convertPool('MaxPool'),
  ReLU: (layer, config, state) => {
    if (config['maxValue'] !== undefined && config['maxValue'] !== null) {
      throw new ZooNotImplementedError(
        `exportOnnx: ReLU ${layer.name} maxValue must be unset; ` +
          `got ${String(config['maxValue'])}`,
      );
    }
    addActivation(state, 'relu', layer.name, 4);
  },
  ZeroPadding2D: convertZeroPad,
  ZooGroupedConv2D: convert2d,
  ZooLocalResponseNormalization: convertLrn,
};

/** Layers that act elementwise: a pending flatten order passes them. */
export const ELEMENTWISE = new Set(['Activation', 'Dropout', 'ReLU']);

/** Layers a pending zero padding is folded into. */
export const PADDED = new Set(['Conv2D', 'ZooGroupedConv2D']);
