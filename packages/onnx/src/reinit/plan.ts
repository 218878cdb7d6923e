import {
  type Initializer,
  type Scheme,
  type Seed,
  type WeightSpec,
  SCHEMES,
  checkSeed,
  computeFans,
  createInitializer,
  findScheme,
  gain,
  leakyReluGain,
  numericGain,
} from '@zoo/init';
import type { Activation } from '../activation.js';
import { OnnxArgumentError } from '../errors.js';
import type { OnnxModel } from '../model.js';
import { type WeightInfo, listWeights } from '../weights.js';
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

/**
 * Applies a gain to a scheme's options: `gain` where the scheme has one,
 * `scale = gain^2` for variance-scaling; for He's schemes `auto` takes the
 * negative slope of a following LeakyRelu (He's gain already assumes a
 * rectifier). Any other scheme with a gain is an error naming the ones
 * that take it.
 */
function withGain(
  name: string,
  options: Readonly<Record<string, unknown>>,
  given: number | 'auto' | undefined,
  weight: WeightInfo,
): { scheme: string; options: Record<string, unknown> } {
  const scheme = findScheme(name);
  if (given === undefined)
    return { scheme: scheme.name, options: { ...options } };
  const has = (o: string) => scheme.options.some((x) => x.name === o);
  if (has('gain')) {
    const g = given === 'auto' ? activationGain(weight.activation) : given;
    return { scheme: scheme.name, options: { ...options, gain: g } };
  }
  if (has('scale')) {
    const g = given === 'auto' ? activationGain(weight.activation) : given;
    return { scheme: scheme.name, options: { ...options, scale: g * g } };
  }
  if (has('negativeSlope') && given === 'auto') {
    const slope =
      weight.activation.kind === 'leaky-relu' ? weight.activation.alpha : 0;
    return {
      scheme: scheme.name,
      options: { ...options, negativeSlope: slope },
    };
  }
  throw new OnnxArgumentError(
    `reinit: gain ${given} needs a scheme with a gain; ${scheme.name} has ` +
      `none (schemes with one: ${gainSchemes().join(', ')}; he-normal and ` +
      `he-uniform take gain auto only)`,
  );
}

function gainSchemes(): string[] {
  const takesGain = (s: Scheme) =>
    s.options.some((o) => o.name === 'gain' || o.name === 'scale');
  return SCHEMES.filter(takesGain).map((s) => s.name);
}

/**
 * The gain that keeps the second moment through an activation: the
 * tabulated ones (relu sqrt 2, leaky relu sqrt(2 / (1 + a^2)), tanh 5/3,
 * selu 3/4, sigmoid 1) and, for Clip, the numeric gain of the clipped unit.
 */
export function activationGain(activation: Activation): number {
  switch (activation.kind) {
    case 'linear':
      return 1;
    case 'leaky-relu':
      return leakyReluGain(activation.alpha);
    case 'clip': {
      const lo = activation.min ?? -Infinity;
      const hi = activation.max ?? Infinity;
      return numericGain((x) => Math.min(Math.max(x, lo), hi));
    }
    default:
      return gain(activation.kind);
  }
}
