import {
  type Fans,
  type Initializer,
  type Seed,
  type WeightSpec,
  checkSeed,
  computeFans,
  createInitializer,
  findScheme,
} from '@zoo/init';
import { storedAs } from '../encode.js';
import { OnnxArgumentError } from '../errors.js';
import { describeActivation } from '../inspect.js';
import type { OnnxModel } from '../model.js';
import type { OnnxProto } from '../proto.js';
import { label, useOf } from '../roles.js';
import type { TensorEntry } from '../tensor.js';
import { type WeightInfo, listWeights } from '../weights.js';
import { activationGain, gainOption } from './gain.js';
import { type Rule, briefName, isExactName, matchRule } from './rules.js';

type Node = OnnxProto.INodeProto;

/** What biases get when no rule names them. */
export type BiasPolicy =
  | { readonly kind: 'zeros' }
  | { readonly kind: 'torch-legacy' }
  | { readonly kind: 'constant'; readonly value: number };

/** How to re-initialise a model. */
export interface ReinitOptions {
  /** Scheme for weights (conv, ConvTranspose, Gemm, MatMul). */
  readonly scheme: string;
  readonly schemeOptions?: Readonly<Record<string, unknown>>;
  readonly seed: Seed;
  /** Default `zeros`. */
  readonly bias?: BiasPolicy;
  /** A gain for every weight, or `auto`: that of its activation. */
  readonly gain?: number | 'auto';
  readonly rules?: readonly Rule[];
}

/** Every weight of a model with the initializer it gets. */
export interface ReinitPlan {
  readonly seed: Seed;
  readonly weights: readonly PlannedWeight[];
}

/** One weight with the initializer it gets. */
export interface PlannedWeight {
  readonly weight: WeightInfo;
  readonly spec: WeightSpec;
  readonly scheme: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly initializer: Initializer;
  readonly targetStd: number;
  /** Why it gets this scheme: `--scheme`, `--bias`, `batchnorm`, `rule N`. */
  readonly origin: string;
}

const BATCHNORM: Partial<Record<WeightInfo['role'], string>> = {
  'bn-scale': 'ones',
  'bn-bias': 'zeros',
  'bn-mean': 'zeros',
  'bn-var': 'ones',
};

/**
 * Chooses a scheme for every weight of `model`: the first matching rule,
 * else `--scheme` for layer weights, the bias policy for biases and the
 * identity transform for BatchNormalization (scale 1, bias 0, mean 0,
 * var 1). Tensors that are not weights are not planned: never touched.
 * Every value depends only on (seed, tensor name).
 *
 * Refused here, before anything is written: a scheme whose values can
 * overflow the tensor's type, a fan-dependent scheme for a tensor shared
 * by layers with different fans (unless a rule names it exactly), and
 * any error of a scheme with a weight, named with the tensor and rule.
 */
export function planReinit(
  model: OnnxModel,
  options: ReinitOptions,
): ReinitPlan {
  checkSeed(options.seed);
  findScheme(options.scheme);
  const weights = listWeights(model);
  const byName = new Map(weights.map((w) => [w.name, w]));
  const graph = graphIndex(model);
  const planned = weights
    .filter((w) => w.isWeight && w.layout !== undefined)
    .map((w) => {
      const p = planOne(w, options, byName);
      checkRange(p);
      checkSharedFans(p, graph, options.rules ?? []);
      return p;
    });
  return { seed: options.seed, weights: planned };
}

function planOne(
  weight: WeightInfo,
  options: ReinitOptions,
  byName: ReadonlyMap<string, WeightInfo>,
): PlannedWeight {
  const matched = matchRule(options.rules ?? [], weight);
  const origin =
    matched !== undefined
      ? `rule ${matched.index + 1}`
      : BATCHNORM[weight.role] !== undefined
        ? 'batchnorm'
        : weight.role === 'bias'
          ? '--bias'
          : '--scheme';
  const from =
    matched === undefined ? origin : `rules[${matched.index}], ${origin}`;
  try {
    const spec = weightSpec(weight, byName);
    let choice: { scheme: string; options: Record<string, unknown> };
    if (matched !== undefined) {
      const { rule } = matched;
      choice = withGain(rule.scheme, rule.options ?? {}, rule.gain, weight);
    } else if (origin === 'batchnorm') {
      choice = { scheme: BATCHNORM[weight.role]!, options: {} };
    } else if (origin === '--bias') {
      choice = biasChoice(options.bias ?? { kind: 'zeros' });
    } else {
      const given = options.schemeOptions ?? {};
      choice = withGain(options.scheme, given, options.gain, weight);
    }
    const initializer = createInitializer(choice.scheme, choice.options);
    return {
      weight,
      spec,
      scheme: initializer.scheme,
      options: choice.options,
      initializer,
      targetStd: initializer.targetStd(spec),
      origin,
    };
  } catch (e) {
    throw new OnnxArgumentError(
      `reinit: tensor ${briefName(weight.name)} (${from}): ` +
        (e as Error).message,
    );
  }
}

// Normals come from 24-bit uniforms: |z| <= sqrt(2 ln 2^25) = 5.887 for
// Box-Muller, less for the inverse CDF of truncated normals.
const NORMAL_TAIL = 5.9;

/**
 * Throws when a value the weight's initializer can produce is not finite
 * once stored in the tensor's type (float32 1e39, float16 70000).
 * Normals (normal, sparse) are computed in float32 for every type.
 */
function checkRange(p: PlannedWeight): void {
  const largest = largestValue(p);
  if (largest === undefined) return;
  const type = p.weight.dataType;
  const inF32 = largest.f32 && type === 'float64';
  const computed = inF32 ? 'float32' : type;
  if (Number.isFinite(storedAs(computed, largest.value))) return;
  const where = inF32 ? `float32 (normals are computed in it)` : type;
  throw new OnnxArgumentError(
    `reinit: ${largest.what} is not finite in ${where} (tensor ` +
      `${briefName(p.weight.name)}, ${type}, ${p.scheme} from ${p.origin})`,
  );
}

/** The largest |value| of a weight's initializer, with how it was found. */
function largestValue(
  p: PlannedWeight,
): { value: number; what: string; f32: boolean } | undefined {
  const d = p.initializer.describe(p.spec);
  const option = (name: string): number => {
    const given = p.options[name];
    const fallback = findScheme(p.scheme).options.find((o) => o.name === name);
    return Number(given ?? fallback?.default ?? 1);
  };
  const normal = (mean: number, std: number, cut: number, f32: boolean) => {
    const value = Math.abs(mean) + Math.abs(std) * cut;
    const what = `${p.scheme} values up to |mean| + ${cut} std = ${value}`;
    return { value, what, f32 };
  };
  const plain = (value: number, what: string) => ({ value, what, f32: false });
  switch (d.kind) {
    case 'constant':
      return plain(d.value, `constant value ${d.value}`);
    case 'uniform': {
      // Float32 fills compute low + (high - low) u in float32.
      const width = p.weight.dataType === 'float64' ? 0 : d.high - d.low;
      const value = Math.max(Math.abs(d.low), Math.abs(d.high), width);
      return plain(value, `uniform on [${d.low}, ${d.high}]`);
    }
    case 'normal':
      return normal(d.mean, d.std, NORMAL_TAIL, true);
    case 'truncated-normal': {
      const cut = Math.min(Math.max(-d.lower, d.upper), NORMAL_TAIL);
      return normal(d.mean, d.std, cut, false);
    }
    case 'orthogonal':
      return plain(Math.abs(d.gain), `orthogonal gain ${d.gain}`);
    default:
      if (p.scheme === 'sparse') {
        return normal(0, option('std'), NORMAL_TAIL, true);
      }
      if (p.scheme === 'identity' || p.scheme === 'delta-orthogonal') {
        return plain(Math.abs(option('gain')), `gain ${option('gain')}`);
      }
      return undefined;
  }
}

/** The main graph's tensors and nodes, to follow a tensor to its layers. */
interface GraphIndex {
  readonly known: ReadonlyMap<string, TensorEntry>;
  readonly consumers: ReadonlyMap<string, readonly Node[]>;
  readonly producer: ReadonlyMap<string, Node>;
}

function graphIndex(model: OnnxModel): GraphIndex {
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
function checkSharedFans(
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

/** The @zoo/init view of a weight; a bias takes its layer's fans. */
function weightSpec(
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

function biasChoice(policy: BiasPolicy) {
  switch (policy.kind) {
    case 'zeros':
      return { scheme: 'zeros', options: {} };
    case 'torch-legacy':
      return { scheme: 'torch-legacy', options: {} };
    case 'constant':
      return { scheme: 'constant', options: { value: policy.value } };
  }
}

/** Applies a gain to a scheme's options (see `gainOption`). */
function withGain(
  name: string,
  options: Readonly<Record<string, unknown>>,
  given: number | 'auto' | undefined,
  weight: WeightInfo,
): { scheme: string; options: Record<string, unknown> } {
  const scheme = findScheme(name);
  const option = gainOption(scheme, given);
  if (option === undefined || given === undefined) {
    return { scheme: scheme.name, options: { ...options } };
  }
  const a = weight.activation;
  const after =
    `gain auto after layer ${briefName(weight.layer ?? '?')} ` +
    `(${describeActivation(a)})`;
  const g = given === 'auto' ? activationGain(a, after) : given;
  const value =
    option === 'gain'
      ? g
      : option === 'scale'
        ? g * g
        : a.kind === 'leaky-relu'
          ? a.alpha
          : 0;
  return { scheme: scheme.name, options: { ...options, [option]: value } };
}
