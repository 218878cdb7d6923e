import type { Scheme } from '../types.js';
import { resolveOptions, stringOption } from './options.js';
import {
  varianceScaledInitializer,
  type VarianceDistribution,
} from './variance.js';

/**
 * LeCun's normal: std 1 / sqrt(fan_in), the init of self-normalizing
 * (SELU) networks.
 *
 * With `truncated-normal` (the default, as Keras' lecun_normal) the
 * normal is cut at +-2 std and its std divided by 0.87962566 first, so the
 * drawn elements still have std 1 / sqrt(fan_in).
 *
 * Citation: LeCun et al. 1998, Efficient BackProp; Klambauer et al. 2017,
 * Self-Normalizing Neural Networks.
 * Formula: std = 1 / sqrt(fan_in).
 * Aliases: `lecun_normal`.
 * Parameters: distribution (normal | truncated-normal, default
 * truncated-normal). A bias needs `spec.fans`.
 *
 * @example createInitializer('lecun-normal', { distribution: 'normal' })
 */
export const lecunNormal: Scheme = {
  name: 'lecun-normal',
  aliases: ['lecun_normal'],
  summary: 'Normal (default truncated) with std 1 / sqrt(fan_in).',
  formula: 'std = 1 / sqrt(fan_in)',
  citation:
    'LeCun, Bottou, Orr and Mueller 1998, Efficient BackProp; Klambauer ' +
    'et al. 2017, Self-Normalizing Neural Networks.',
  options: [
    {
      name: 'distribution',
      type: 'string',
      description: 'Normal, or normal truncated at +-2 std (std corrected).',
      default: 'truncated-normal',
      allowed: ['normal', 'truncated-normal'],
    },
  ],
  create(options) {
    const resolved = resolveOptions('lecun-normal', this.options, options);
    const distribution = stringOption<VarianceDistribution>(
      resolved,
      'distribution',
    );
    return varianceScaledInitializer('lecun-normal', {
      scale: 1,
      mode: 'fan_in',
      distribution,
    });
  },
};
