import type { Scheme } from '../types.js';
import { elementwiseInitializer } from './common.js';
import { numberOption, resolveOptions } from './options.js';

/**
 * A normal truncated to [mean + lower std, mean + upper std].
 *
 * `std` is that of the normal before truncation: the drawn elements have
 * the smaller std `std * s(lower, upper)`, 0.87962566 * std for [-2, 2].
 * (The variance-scaling schemes correct for this; this one does not.)
 *
 * Citation: Ioffe and Szegedy 2015 and TensorFlow's truncated_normal
 * (Inception); torch.nn.init.trunc_normal_ takes absolute bounds instead.
 * Formula: w ~ N(mean, std^2) conditioned on lower <= (w - mean) / std <=
 * upper. Aliases: `trunc-normal`.
 * Parameters: mean (default 0), std (default 1, >= 0), lower (default -2),
 * upper (default 2, > lower), bounds in units of std.
 *
 * @example createInitializer('truncated-normal', { std: 0.02 })
 */
export const truncatedNormal: Scheme = {
  name: 'truncated-normal',
  aliases: ['trunc-normal'],
  summary: 'Normal truncated at lower/upper std (std before truncation).',
  formula: 'w ~ N(mean, std^2) restricted to mean + [lower, upper] * std',
  citation:
    'TensorFlow truncated_normal; Szegedy et al. 2015, Rethinking the ' +
    'Inception Architecture for Computer Vision.',
  options: [
    { name: 'mean', type: 'number', description: 'The mean.', default: 0 },
    {
      name: 'std',
      type: 'number',
      description: 'Std of the normal before truncation, >= 0.',
      default: 1,
    },
    {
      name: 'lower',
      type: 'number',
      description: 'Lower bound in std units.',
      default: -2,
    },
    {
      name: 'upper',
      type: 'number',
      description: 'Upper bound in std units, > lower.',
      default: 2,
    },
  ],
  create(options) {
    const where = 'truncated-normal';
    const resolved = resolveOptions(where, this.options, options);
    const mean = numberOption(where, resolved, 'mean');
    const std = numberOption(where, resolved, 'std', 0);
    const lower = numberOption(where, resolved, 'lower');
    const upper = numberOption(where, resolved, 'upper');
    if (!(upper > lower)) {
      throw new RangeError(
        `${where}: option upper must be > lower (${lower}); got ${upper}`,
      );
    }
    return elementwiseInitializer(where, () => ({
      kind: 'truncated-normal',
      mean,
      std,
      lower,
      upper,
    }));
  },
};
