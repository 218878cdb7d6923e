import type { OnnxModel } from './model.js';
import { readTensor } from './model.js';
import { type OnnxProto, toNumber } from './proto.js';

type Node = OnnxProto.INodeProto;

/** The nonlinearity after a layer, as its gain is chosen. */
export type Activation =
  | { readonly kind: 'linear' }
  | { readonly kind: 'relu' }
  | { readonly kind: 'leaky-relu'; readonly alpha: number }
  | { readonly kind: 'tanh' }
  | { readonly kind: 'sigmoid' }
  | { readonly kind: 'selu'; readonly alpha: number; readonly gamma: number }
  | { readonly kind: 'clip'; readonly min?: number; readonly max?: number };

/** Ops looked through between a layer and its activation. */
const THROUGH = new Set(['BatchNormalization', 'Dropout', 'Identity']);

/** A numeric attribute of a node, or `fallback` when absent. */
export function attribute(node: Node, name: string, fallback: number): number {
  const a = node.attribute?.find((x) => x.name === name);
  if (a === undefined) return fallback;
  if (a.type === 1) return toNumber(a.f);
  if (a.type === 2) return toNumber(a.i);
  return toNumber(a.f) !== 0 ? toNumber(a.f) : toNumber(a.i);
}

/**
 * Follows a layer's output through BatchNormalization, Dropout, Identity
 * (and, after a MatMul, an Add of a constant: its bias) to the activation
 * that consumes it.
 * Returns `linear` when the next op is anything else or the output has
 * several consumers.
 */
export function activationAfter(
  model: OnnxModel,
  layer: Node,
  consumers: ReadonlyMap<string, readonly Node[]>,
  constants: ReadonlySet<string>,
): Activation {
  let value = layer.output?.[0] ?? '';
  for (let hop = 0; hop < 16; hop++) {
    const next = consumers.get(value) ?? [];
    const node = next[0];
    if (next.length !== 1 || node === undefined) break;
    const bias =
      layer.opType === 'MatMul' &&
      node.opType === 'Add' &&
      (node.input ?? []).some((i) => i !== value && constants.has(i));
    if (THROUGH.has(node.opType ?? '') || bias) {
      value = node.output?.[0] ?? '';
      continue;
    }
    return activationOf(model, node);
  }
  return { kind: 'linear' };
}

function activationOf(model: OnnxModel, node: Node): Activation {
  switch (node.opType) {
    case 'Relu':
      return { kind: 'relu' };
    case 'LeakyRelu':
      return { kind: 'leaky-relu', alpha: attribute(node, 'alpha', 0.01) };
    case 'Tanh':
      return { kind: 'tanh' };
    case 'Sigmoid':
      return { kind: 'sigmoid' };
    case 'Selu':
      return {
        kind: 'selu',
        alpha: attribute(node, 'alpha', 1.6732632423543772),
        gamma: attribute(node, 'gamma', 1.0507009873554805),
      };
    case 'Clip':
      return clipOf(model, node);
    default:
      return { kind: 'linear' };
  }
}

function clipOf(model: OnnxModel, node: Node): Activation {
  const bound = (attr: string, input: number): number | undefined => {
    if (node.attribute?.some((a) => a.name === attr)) {
      return attribute(node, attr, NaN);
    }
    const name = node.input?.[input] ?? '';
    const t = model.tensors.find((x) => x.graph === '' && x.name === name);
    if (name === '' || t === undefined || t.size !== 1) return undefined;
    return Number(readTensor(model, t)[0]);
  };
  const min = bound('min', 1);
  const max = bound('max', 2);
  return {
    kind: 'clip',
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
}
