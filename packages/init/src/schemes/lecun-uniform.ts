import type { Scheme } from '../types.js';
import { resolveOptions } from './options.js';
import { varianceScaledInitializer } from './variance.js';

/**
 * LeCun's uniform: std 1 / sqrt(fan_in), drawn uniformly, so the bound is
 * sqrt(3 / fan_in) (the sqrt(3) that `torch-legacy` omits).
 *
 * Citation: LeCun, Bottou, Orr and Mueller 1998, Efficient BackProp, 4.6.
 * Formula: w ~ U(-b, b), b = sqrt(3 / fan_in).
 * Aliases: `lecun_uniform`. Parameters: none. A bias needs `spec.fans`.
 *
 * @example createInitializer('lecun-uniform')
 */
export const lecunUniform: Scheme = {
  name: 'lecun-uniform',
  aliases: ['lecun_uniform'],
  summary: 'Uniform with std 1 / sqrt(fan_in).',
  formula: 'w ~ U(-b, b), b = sqrt(3 / fan_in)',
  citation: 'LeCun, Bottou, Orr and Mueller 1998, Efficient BackProp.',
  options: [],
  create(options) {
    resolveOptions('lecun-uniform', this.options, options);
    return varianceScaledInitializer('lecun-uniform', {
      scale: 1,
      mode: 'fan_in',
      distribution: 'uniform',
    });
  },
};
