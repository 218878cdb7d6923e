import {
  type Scheme,
  SCHEMES,
  gain,
  leakyReluGain,
  numericGain,
} from '@zoo/init';
import type { Activation } from '../activation.js';
import { OnnxArgumentError } from '../errors.js';

/**
 * The option a gain sets in a scheme: `gain` where the scheme has one,
 * `scale` (= gain^2) for variance-scaling, and for He's schemes, whose
 * gain already assumes a rectifier, `negativeSlope` from a following
 * LeakyRelu with `auto` only. Throws for a scheme that takes no gain, so
 * that a bad combination fails before any file is read.
 */
export function gainOption(
  scheme: Scheme,
  given: number | 'auto' | undefined,
): 'gain' | 'scale' | 'negativeSlope' | undefined {
  if (given === undefined) return undefined;
  const has = (o: string) => scheme.options.some((x) => x.name === o);
  if (has('gain')) return 'gain';
  if (has('scale')) return 'scale';
  if (has('negativeSlope') && given === 'auto') return 'negativeSlope';
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
