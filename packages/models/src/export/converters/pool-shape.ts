/**
 * MaxPooling2D, AveragePooling2D -> MaxPool, AveragePool with explicit
 * pads; Flatten and ZeroPadding2D, which only record what later layers
 * need (the flatten order, pads to fold).
 */
import { addPads, samePads, type Pads2D } from '../geometry.js';
import type { AttributeValue } from '../onnx-graph.js';
import {
  channelsLast,
  inputShapeOf,
  inputSize,
  pair,
  type Config,
  type Converter,
  type ExportState,
  type Layer,
} from './common.js';

/** A pooling layer as the ONNX op `op`. */
export function convertPool(op: string): Converter {
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

/** ZeroPadding2D: kept pending, folded into a following Conv. */
export function convertZeroPad(
  layer: Layer,
  config: Config,
  state: ExportState,
) {
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

/** Flatten (axis 1); the next Dense permutes its kernel's rows. */
export function convertFlatten(
  layer: Layer,
  _config: Config,
  state: ExportState,
) {
  const shape = inputShapeOf(layer);
  if (shape.length === 4) {
    state.flattened = [shape[1] ?? 0, shape[2] ?? 0, shape[3] ?? 0];
  }
  state.current = state.graph.addNode('Flatten', layer.name, [state.current], {
    axis: { i: 1 },
  });
}
