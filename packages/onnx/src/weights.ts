import { type Layout, type WeightSpec, computeFans } from '@zoo/init';
import { type Activation, activationAfter } from './activation.js';
import { type Use, type WeightRole, label, useOf } from './roles.js';
import { type DataTypeName, isFloatType } from './dtype.js';
import type { OnnxModel } from './model.js';
import type { OnnxProto } from './proto.js';

export type { WeightRole } from './roles.js';

type Node = OnnxProto.INodeProto;

/** One node input a tensor feeds. */
export interface WeightConsumer {
  readonly node: string;
  readonly opType: string;
  readonly input: number;
}

/** A main-graph tensor with its role, layout and activation. */
export interface WeightInfo {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dataType: DataTypeName;
  /** initializer; initializer also listed as a graph input; Constant node. */
  readonly source: 'initializer' | 'initializer-input' | 'constant';
  readonly role: WeightRole;
  /** Fan layout for @zoo/init; undefined when role is `none`. */
  readonly layout: Layout | undefined;
  /** Convolution groups of the layer (1 otherwise). */
  readonly group: number;
  readonly consumers: readonly WeightConsumer[];
  /** The layer node (Conv, Gemm, MatMul, BatchNormalization...). */
  readonly layer: string | undefined;
  /** For a bias: the weight of the same layer, whose fans it takes. */
  readonly layerWeight: string | undefined;
  readonly activation: Activation;
  /** False for tensors never to be touched (role `none`). */
  readonly isWeight: boolean;
  /** Why a tensor is not a weight; '' for weights. */
  readonly reason: string;
}

/**
 * Lists the tensors of the main graph (initializers and Constant values)
 * with what they are: conv / ConvTranspose / Gemm / MatMul weights,
 * biases, BatchNormalization parameters, or not weights (integers, shape
 * constants, anything not consumed as a layer parameter).
 */
export function listWeights(model: OnnxModel): WeightInfo[] {
  const nodes = model.proto.graph?.node ?? [];
  const consumers = new Map<string, Node[]>();
  const producer = new Map<string, Node>();
  for (const n of nodes) {
    // A node that takes a tensor twice is one consumer, seen once.
    for (const i of new Set(n.input ?? [])) {
      const list = consumers.get(i);
      if (list === undefined) consumers.set(i, [n]);
      else list.push(n);
    }
    for (const o of n.output ?? []) producer.set(o, n);
  }
  const graphInputs = new Set(
    (model.proto.graph?.input ?? []).map((v) => v.name),
  );
  const entries = model.tensors.filter(
    (t) =>
      t.graph === '' &&
      (t.kind === 'initializer' ||
        (t.opType === 'Constant' && t.attribute === 'value')),
  );
  const known = new Map(entries.map((t) => [t.name, t]));
  const constants = new Set(known.keys());
  return entries.map((t) => {
    const uses: WeightConsumer[] = [];
    const found: Use[] = [];
    for (const n of consumers.get(t.name) ?? []) {
      (n.input ?? []).forEach((name, input) => {
        if (name !== t.name) return;
        uses.push({ node: label(n), opType: n.opType ?? '', input });
        const use = useOf(n, input, t, known, producer);
        if (use !== undefined) found.push(use);
      });
    }
    const source =
      t.kind !== 'initializer'
        ? 'constant'
        : graphInputs.has(t.name)
          ? 'initializer-input'
          : 'initializer';
    const base = {
      name: t.name,
      shape: t.dims,
      dataType: t.dataType,
      source,
      consumers: uses,
    } as const;
    const reason = !isFloatType(t.dataType)
      ? `data type ${t.dataType} is not a float type`
      : found.length === 0
        ? 'not consumed as a layer parameter'
        : found.some(
              (u) => u.role !== found[0]?.role || u.layout !== found[0]?.layout,
            )
          ? 'consumed with conflicting roles'
          : '';
    const use = found[0];
    if (reason !== '' || use === undefined) {
      return {
        ...base,
        role: 'none',
        layout: undefined,
        group: 1,
        layer: undefined,
        layerWeight: undefined,
        activation: { kind: 'linear' },
        isWeight: false,
        reason,
      };
    }
    const activation = activationAfter(model, use.layer, consumers, constants);
    return {
      ...base,
      role: use.role,
      layout: use.layout,
      group: use.group,
      layer: label(use.layer),
      layerWeight: use.layerWeight,
      activation,
      isWeight: true,
      reason,
    };
  });
}

/** The @zoo/init view of a weight; a bias takes its layer's fans. */
export function weightSpec(
  weight: WeightInfo,
  byName: ReadonlyMap<string, WeightInfo>,
): WeightSpec {
  const base = {
    shape: weight.shape,
    layout: weight.layout!,
    group: weight.group,
    key: weight.name,
  };
  const owner =
    weight.layerWeight === undefined
      ? undefined
      : byName.get(weight.layerWeight);
  if (weight.layout !== 'bias' || owner?.layout === undefined) return base;
  return { ...base, fans: computeFans(owner.shape, owner.layout, owner.group) };
}
