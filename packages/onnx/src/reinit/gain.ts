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
 * `where` names the tensor and layer in errors.
 */
export function activationGain(
  activation: Activation,
  where = 'activationGain',
): number {
  try {
    switch (activation.kind) {
      case 'linear':
        return 1;
      case 'leaky-relu':
        return leakyReluGain(activation.alpha);
      case 'clip': {
        const { lo, hi } = clipBounds(activation);
        return numericGain((x) => Math.min(Math.max(x, lo), hi));
      }
      default:
        return gain(activation.kind);
    }
  } catch (e) {
    throw new OnnxArgumentError(`${where}: ${(e as Error).message}`);
  }
}

/**
 * Clip's bounds as numbers: an absent min or a min of -inf is no lower
 * bound, an absent max or a max of +inf no upper bound. NaN, a min of
 * +inf, a max of -inf and min >= max (a constant output, no gain to
 * speak of) are errors.
 */
function clipBounds(clip: { readonly min?: number; readonly max?: number }): {
  lo: number;
  hi: number;
} {
  const lo = clip.min ?? -Infinity;
  const hi = clip.max ?? Infinity;
  const shown = `got min ${lo}, max ${hi}`;
  if (Number.isNaN(lo) || Number.isNaN(hi)) {
    throw new RangeError(`Clip min and max must be numbers, not NaN; ${shown}`);
  }
  if (lo === Infinity || hi === -Infinity || !(lo < hi)) {
    throw new RangeError(
      `Clip min must be < max (-inf and +inf mean unbounded); ${shown}`,
    );
  }
  return { lo, hi };
}
