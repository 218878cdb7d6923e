import { leakyReluGain } from '../gains.js';
import type {
  Distribution,
  Fans,
  Initializer,
  SchemeOption,
  WeightSpec,
} from '../types.js';
import { truncatedNormalStd } from '../random/distributions.js';
import { elementwiseInitializer, weightFans } from './common.js';
import { numberOption, resolveOptions, stringOption } from './options.js';

/** Which fan the variance is divided by. */
export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';

/** The distribution a variance-scaling scheme draws from. */
export type VarianceDistribution = 'uniform' | 'normal' | 'truncated-normal';

export const FAN_MODES: readonly FanMode[] = ['fan_in', 'fan_out', 'fan_avg'];

export const VARIANCE_DISTRIBUTIONS: readonly VarianceDistribution[] = [
  'normal',
  'truncated-normal',
  'uniform',
];

/** Truncation bounds, in std units, of every truncated scheme here. */
export const TRUNCATION = { lower: -2, upper: 2 } as const;

/** The parameters of the shared variance routine. */
export interface VarianceScaling {
  /** The gain squared: Var[w] = scale / fan. */
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: VarianceDistribution;
}

/** The fan a mode divides by; a fan of 0 is an error. */
export function modeFan(where: string, fans: Fans, mode: FanMode): number {
  const fan =
    mode === 'fan_in'
      ? fans.fanIn
      : mode === 'fan_out'
        ? fans.fanOut
        : (fans.fanIn + fans.fanOut) / 2;
  if (!(fan > 0)) {
    throw new RangeError(
      `${where}: ${mode} must be > 0 (the std divides by it); got ${fan} ` +
        `(fanIn ${fans.fanIn}, fanOut ${fans.fanOut})`,
    );
  }
  return fan;
}

/**
 * The one variance routine behind LeCun, Glorot, He, torch-legacy and
 * variance-scaling (as Lasagne and Keras share theirs):
 *
 *     std = sqrt(scale / fan)
 *     uniform:          U(-sqrt(3) std, sqrt(3) std)
 *     normal:           N(0, std^2)
 *     truncated-normal: N(0, (std / 0.87962566)^2) cut at +-2 of its std
 *
 * The uniform bound carries sqrt(3) because U(-b, b) has std b / sqrt(3);
 * the truncated std is divided by the std of a standard normal truncated
 * to [-2, 2] so that the truncated draw has the target std.
 */
export function varianceScaled(
  where: string,
  spec: WeightSpec,
  params: VarianceScaling,
): Distribution {
  const fans = weightFans(where, spec);

  const fan = modeFan(where, fans, params.mode);

  const variance = params.scale / fan;
  const std = Math.sqrt(variance);

  switch (params.distribution) {
    case 'uniform': {
      // sqrt(3) std, since U(-b, b) has variance b^2 / 3; computed as
      // sqrt(3 scale / fan) so that 1 / sqrt(fan) is exact for scale 1/3.
      const bound = Math.sqrt((3 * params.scale) / fan);
      return { kind: 'uniform', low: -bound, high: bound };
    }
    case 'normal':
      return { kind: 'normal', mean: 0, std };
    case 'truncated-normal':
      return {
        kind: 'truncated-normal',
        mean: 0,
        std: std / truncatedNormalStd(TRUNCATION.lower, TRUNCATION.upper),
        lower: TRUNCATION.lower,
        upper: TRUNCATION.upper,
      };
  }
}

/** An elementwise initializer drawing each weight from `varianceScaled`. */
export function varianceScaledInitializer(
  where: string,
  params: VarianceScaling,
): Initializer {
  return elementwiseInitializer(where, (spec) =>
    varianceScaled(where, spec, params),
  );
}

/** The options of `he-normal` and `he-uniform`. */
export const HE_OPTIONS: readonly SchemeOption[] = [
  {
    name: 'mode',
    type: 'string',
    description: 'fan_in keeps forward activations, fan_out gradients.',
    default: 'fan_in',
    allowed: ['fan_in', 'fan_out'],
  },
  {
    name: 'negativeSlope',
    type: 'number',
    description: 'Negative slope a of the leaky ReLU that follows.',
    default: 0,
  },
];

/**
 * He normal or uniform: `given` checked against `declared` (the scheme's
 * `HE_OPTIONS`), then variance gain^2 / fan of `mode` with gain =
 * leakyReluGain(negativeSlope).
 */
export function heInitializer(
  where: string,
  declared: readonly SchemeOption[],
  given: Readonly<Record<string, unknown>> | undefined,
  distribution: VarianceDistribution,
): Initializer {
  const resolved = resolveOptions(where, declared, given);
  const mode = stringOption<FanMode>(resolved, 'mode');
  const gain = leakyReluGain(numberOption(where, resolved, 'negativeSlope'));
  return varianceScaledInitializer(where, {
    scale: gain * gain,
    mode,
    distribution,
  });
}

/** The options of `glorot-normal` and `glorot-uniform`. */
export const GLOROT_OPTIONS: readonly SchemeOption[] = [
  {
    name: 'gain',
    type: 'number',
    description: 'Scale of the std, >= 0 (see gain()).',
    default: 1,
  },
];

/**
 * Glorot normal or uniform: `given` checked against `declared` (the
 * scheme's `GLOROT_OPTIONS`), then variance gain^2 / fan_avg, i.e.
 * 2 gain^2 / (fan_in + fan_out).
 */
export function glorotInitializer(
  where: string,
  declared: readonly SchemeOption[],
  given: Readonly<Record<string, unknown>> | undefined,
  distribution: VarianceDistribution,
): Initializer {
  const resolved = resolveOptions(where, declared, given);
  const gain = numberOption(where, resolved, 'gain', 0);
  return varianceScaledInitializer(where, {
    scale: gain * gain,
    mode: 'fan_avg',
    distribution,
  });
}
