/**
 * Conv2D and zoo's GroupedConv2D -> ONNX Conv: kernel HWIO -> OIHW,
 * tfjs's 'same' padding and any zero padding before it as explicit pads,
 * the group count as Conv's `group`.
 */
import { addPads, hwioToOihw, samePads, type Pads2D } from '../geometry.js';
import { addActivation } from './activation.js';
import {
  channelsLast,
  inputSize,
  pair,
  requireWeight,
  weight,
  type Config,
  type ExportState,
  type Layer,
} from './common.js';

function takePad(state: ExportState): Pads2D {
  const pads = state.pendingPad?.pads ?? [0, 0, 0, 0];
  state.pendingPad = undefined;
  return pads;
}

/** Conv2D and ZooGroupedConv2D. */
export function convert2d(
  layer: Layer,
  config: Config,
  state: ExportState,
): void {
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
