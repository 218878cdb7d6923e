/**
 * BatchNormalization (channels axis) and zoo's LRN layer, which already
 * has ONNX's convention.
 */
import { ZooNotImplementedError } from '../../errors.js';
import {
  inputShapeOf,
  requireWeight,
  weight,
  type Config,
  type ExportState,
  type Layer,
} from './common.js';

/** BatchNormalization; missing gamma or beta become 1 or 0. */
export function convertBatchNorm(
  layer: Layer,
  config: Config,
  state: ExportState,
) {
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

/** ZooLocalResponseNormalization -> LRN. */
export function convertLrn(layer: Layer, config: Config, state: ExportState) {
  // Zoo's LRN layer already has ONNX's convention (alpha divided by size).
  const { size, alpha, beta, bias } = config as Record<string, number>;
  state.current = state.graph.addNode('LRN', layer.name, [state.current], {
    size: { i: size ?? 0 },
    alpha: { f: alpha ?? 0 },
    beta: { f: beta ?? 0 },
    bias: { f: bias ?? 0 },
  });
}
