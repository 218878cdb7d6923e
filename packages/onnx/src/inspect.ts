import {
  type Fans,
  type Layout,
  computeFans,
  createInitializer,
} from '@zoo/init';
import type { Activation } from './activation.js';
import { type OnnxModel, readTensor } from './model.js';
import { moments, stdOf } from './moments.js';
import { type WeightInfo, listWeights, weightSpec } from './weights.js';

/** The schemes whose std `inspectModel` shows for every weight. */
export const MAIN_SCHEMES = [
  'lecun-normal',
  'glorot-normal',
  'he-normal',
  'torch-legacy',
] as const;

/** One tensor as `zoo inspect` shows it. */
export interface InspectedWeight {
  readonly name: string;
  readonly ops: readonly string[];
  readonly role: WeightInfo['role'];
  readonly shape: readonly number[];
  readonly dataType: string;
  readonly layout: Layout | undefined;
  readonly group: number;
  readonly fanIn: number | undefined;
  readonly fanOut: number | undefined;
  readonly activation: string;
  readonly mean: number | undefined;
  readonly std: number | undefined;
  /** The std each main scheme would give this weight (weights only). */
  readonly schemeStd: Readonly<
    Partial<Record<(typeof MAIN_SCHEMES)[number], number>>
  >;
  /** Why a tensor is not a weight; '' for weights. */
  readonly reason: string;
}

/**
 * Every main-graph tensor with its role, layout, fans, following
 * activation, current mean and std, and the std of each main scheme.
 */
export function inspectModel(model: OnnxModel): InspectedWeight[] {
  const weights = listWeights(model);
  const byName = new Map(weights.map((w) => [w.name, w]));
  const schemes = MAIN_SCHEMES.map(
    (name) => [name, createInitializer(name)] as const,
  );
  return weights.map((w) => {
    const fans = fansOf(w, byName);
    const current = w.isWeight ? momentsOf(model, w.name) : undefined;
    const schemeStd: Partial<Record<(typeof MAIN_SCHEMES)[number], number>> =
      {};
    if (fans !== undefined && w.layout !== undefined && w.layout !== 'bias') {
      const spec = weightSpec(w, byName);
      for (const [name, init] of schemes)
        schemeStd[name] = init.targetStd(spec);
    }
    return {
      name: w.name,
      ops: [...new Set(w.consumers.map((c) => c.opType))],
      role: w.role,
      shape: w.shape,
      dataType: w.dataType,
      layout: w.layout,
      group: w.group,
      fanIn: fans?.fanIn,
      fanOut: fans?.fanOut,
      activation: describeActivation(w.activation),
      mean: current?.mean,
      std: current?.std,
      schemeStd,
      reason: w.reason,
    };
  });
}

/** A weight's fans; a bias takes those of its layer's weight. */
function fansOf(
  w: WeightInfo,
  byName: ReadonlyMap<string, WeightInfo>,
): Fans | undefined {
  if (w.layout === undefined || w.role.startsWith('bn-')) return undefined;
  const spec = weightSpec(w, byName);
  if (spec.fans !== undefined) return spec.fans;
  return w.layout === 'bias'
    ? undefined
    : computeFans(w.shape, w.layout, w.group);
}

function momentsOf(model: OnnxModel, name: string) {
  const values = readTensor(model, name);
  if (!(values instanceof Float32Array || values instanceof Float64Array)) {
    return undefined;
  }
  const m = moments(values);
  return { mean: m.mean, std: stdOf(m) };
}

/** `relu`, `leaky-relu(0.2)`, `clip(0, 6)`, `linear`... */
export function describeActivation(a: Activation): string {
  switch (a.kind) {
    case 'leaky-relu':
      return `leaky-relu(${a.alpha})`;
    case 'selu':
      return `selu(${a.alpha}, ${a.gamma})`;
    case 'clip':
      return `clip(${a.min ?? '-inf'}, ${a.max ?? 'inf'})`;
    default:
      return a.kind;
  }
}
