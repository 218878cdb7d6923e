import { type Fans, computeFans } from '@zoo/init';
import { OnnxArgumentError } from '../errors.js';
import type { OnnxModel } from '../model.js';
import type { OnnxProto } from '../proto.js';
import { label, useOf } from '../roles.js';
import type { TensorEntry } from '../tensor.js';
import type { WeightInfo } from '../weights.js';
import type { PlannedWeight } from './plan.js';
import { type Rule, briefName, isExactName, matchRule } from './rules.js';

type Node = OnnxProto.INodeProto;

/** The main graph's tensors and nodes, to follow a tensor to its layers. */
export interface GraphIndex {
  readonly known: ReadonlyMap<string, TensorEntry>;
  readonly consumers: ReadonlyMap<string, readonly Node[]>;
  readonly producer: ReadonlyMap<string, Node>;
}

export function graphIndex(model: OnnxModel): GraphIndex {
  const consumers = new Map<string, Node[]>();
  const producer = new Map<string, Node>();
  for (const n of model.proto.graph?.node ?? []) {
    for (const i of new Set(n.input ?? [])) {
      const list = consumers.get(i);
      if (list === undefined) consumers.set(i, [n]);
      else list.push(n);
    }
    for (const o of n.output ?? []) producer.set(o, n);
  }
  const known = new Map(
    model.tensors.filter((t) => t.graph === '').map((t) => [t.name, t]),
  );
  return { known, consumers, producer };
}

/** The tensor a value is, looking back through Identity nodes. */
function source(graph: GraphIndex, value: string): TensorEntry | undefined {
  let name = value;
  for (let hop = 0; hop < 64; hop++) {
    const t = graph.known.get(name);
    if (t !== undefined) return t;
    const n = graph.producer.get(name);
    if (n?.opType !== 'Identity') return undefined;
    name = n.input?.[0] ?? '';
  }
  return undefined;
}

/**
 * The fans of every layer that `weight` feeds, directly or through
 * Identity nodes (exporters alias equal biases that way): a layer weight
 * its own under that layer's layout and group, a bias those of the
 * layer's weight. Layers whose fans cannot be told are left out.
 */
function layerFans(
  weight: WeightInfo,
  graph: GraphIndex,
): { layer: string; fans: Fans }[] {
  const entry = graph.known.get(weight.name);
  if (entry === undefined) return [];
  const out: { layer: string; fans: Fans }[] = [];
  const seen = new Set<string>();
  const visit = (value: string, hops: number): void => {
    if (seen.has(value) || hops > 64) return;
    seen.add(value);
    for (const n of graph.consumers.get(value) ?? []) {
      if (n.opType === 'Identity') {
        visit(n.output?.[0] ?? '', hops + 1);
        continue;
      }
      (n.input ?? []).forEach((name, input) => {
        if (name !== value) return;
        const fans = useFans(n, input, entry, graph);
        if (fans !== undefined) out.push({ layer: label(n), fans });
      });
    }
  };
  visit(weight.name, 0);
  return out;
}

function useFans(
  n: Node,
  input: number,
  entry: TensorEntry,
  graph: GraphIndex,
): Fans | undefined {
  const use = useOf(n, input, entry, graph.known, graph.producer);
  if (use === undefined || use.role.startsWith('bn-')) return undefined;
  try {
    if (use.role !== 'bias') {
      return computeFans(entry.dims, use.layout, use.group);
    }
    const owner = source(graph, use.layerWeight ?? '');
    if (owner === undefined) return undefined;
    const ownerUse = useOf(use.layer, 1, owner, graph.known, graph.producer);
    if (ownerUse === undefined || ownerUse.layout === 'bias') return undefined;
    return computeFans(owner.dims, ownerUse.layout, ownerUse.group);
  } catch {
    // Fans that cannot be computed are reported by the weight's own plan.
    return undefined;
  }
}

/**
 * Throws when a tensor feeds layers with different fans and its scheme
 * gives different values for them (torch-legacy, He, Glorot...), unless a
 * rule names the tensor exactly; then it takes its own layer's fans.
 */
export function checkSharedFans(
  p: PlannedWeight,
  graph: GraphIndex,
  rules: readonly Rule[],
): void {
  const uses = layerFans(p.weight, graph);
  const key = (f: Fans) => `${f.fanIn}/${f.fanOut}/${f.receptiveField}`;
  const distinct = new Map(uses.map((u) => [key(u.fans), u.fans]));
  if (distinct.size < 2) return;
  const seen = new Set<string>();
  for (const fans of distinct.values()) {
    const spec = { ...p.spec, fans };
    const d = p.initializer.describe(spec);
    seen.add(`${JSON.stringify(d)} ${p.initializer.targetStd(spec)}`);
  }
  if (seen.size < 2) return;
  const matched = matchRule(rules, p.weight);
  if (matched !== undefined && isExactName(matched.rule, p.weight.name)) {
    return;
  }
  const own = uses.find((u) => u.layer === p.weight.layer);
  const groups = new Map<string, string[]>();
  if (own !== undefined) groups.set(key(own.fans), []);
  for (const u of uses) {
    groups.set(key(u.fans), [...(groups.get(key(u.fans)) ?? []), u.layer]);
  }
  const shown = [...groups].map(([k, layers]) => {
    const [fanIn, fanOut] = k.split('/');
    const more = layers.length > 3 ? ` and ${layers.length - 3} more` : '';
    return (
      `fan_in ${fanIn} fan_out ${fanOut}: ` +
      `${layers.slice(0, 3).map(briefName).join(', ')}${more}`
    );
  });
  throw new OnnxArgumentError(
    `reinit: tensor ${briefName(p.weight.name)} feeds layers with ` +
      `different fans (${shown.join('; ')}) and ${p.scheme} ` +
      `(${p.origin}) depends on them; give it a scheme that does not ` +
      `(zeros, constant, normal...) or a rule with "name": ` +
      `${briefName(p.weight.name)}, which gives it the fans of ` +
      `${p.weight.layer ?? 'its first layer'}`,
  );
}
