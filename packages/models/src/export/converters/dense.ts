/**
 * Dense -> Gemm with transB = 1 and the kernel as [out, in]; after a
 * Flatten the kernel's rows are put in NCHW's (c, h, w) order.
 */
import { ZooNotImplementedError } from '../../errors.js';
import { denseToOutIn } from '../geometry.js';
import { addActivation } from './activation.js';
import {
  inputShapeOf,
  requireWeight,
  weight,
  type Config,
  type ExportState,
  type Layer,
} from './common.js';

/** Dense on a 2-D input. */
export function convertDense(
  layer: Layer,
  config: Config,
  state: ExportState,
): void {
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
