import {
  type Initializer,
  type Seed,
  type WeightSpec,
  checkSeed,
  createInitializer,
  findScheme,
} from '@zoo/init';
import { OnnxArgumentError } from '../errors.js';
import { describeActivation } from '../inspect.js';
import type { OnnxModel } from '../model.js';
import { type WeightInfo, listWeights, weightSpec } from '../weights.js';
import { activationGain, gainOption } from './gain.js';
import { checkRange } from './range.js';
import { checkSharedFans, graphIndex } from './shared-fans.js';
import { type Rule, briefName, matchRule } from './rules.js';

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
