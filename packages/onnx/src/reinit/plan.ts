import {
  type Initializer,
  type Seed,
  type WeightSpec,
  checkSeed,
  computeFans,
  createInitializer,
  findScheme,
} from '@zoo/init';
import type { OnnxModel } from '../model.js';
import { type WeightInfo, listWeights } from '../weights.js';
import { activationGain, gainOption } from './gain.js';
import { type Rule, matchRule } from './rules.js';

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
 */
export function planReinit(
  model: OnnxModel,
  options: ReinitOptions,
): ReinitPlan {
  checkSeed(options.seed);
  findScheme(options.scheme);
  const weights = listWeights(model);
  const byName = new Map(weights.map((w) => [w.name, w]));
  const planned = weights
    .filter((w) => w.isWeight && w.layout !== undefined)
    .map((w) => planOne(w, options, byName));
  return { seed: options.seed, weights: planned };
}

function planOne(
  weight: WeightInfo,
  options: ReinitOptions,
  byName: ReadonlyMap<string, WeightInfo>,
): PlannedWeight {
  const spec = weightSpec(weight, byName);
  const matched = matchRule(options.rules ?? [], weight);
  let choice: { scheme: string; options: Record<string, unknown> };
  let origin: string;
  if (matched !== undefined) {
    const { rule, index } = matched;
    choice = withGain(rule.scheme, rule.options ?? {}, rule.gain, weight);
    origin = `rule ${index + 1}`;
  } else if (BATCHNORM[weight.role] !== undefined) {
    choice = { scheme: BATCHNORM[weight.role]!, options: {} };
    origin = 'batchnorm';
  } else if (weight.role === 'bias') {
    choice = biasChoice(options.bias ?? { kind: 'zeros' });
    origin = '--bias';
  } else {
    const given = options.schemeOptions ?? {};
    choice = withGain(options.scheme, given, options.gain, weight);
    origin = '--scheme';
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
  const g = given === 'auto' ? activationGain(a) : given;
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
