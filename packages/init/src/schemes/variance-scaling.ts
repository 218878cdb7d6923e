import type { Scheme } from '../types.js';
import { numberOption, resolveOptions, stringOption } from './options.js';
import {
  FAN_MODES,
  VARIANCE_DISTRIBUTIONS,
  varianceScaledInitializer,
  type FanMode,
  type VarianceDistribution,
} from './variance.js';

/**
 * The general form of LeCun, Glorot and He: variance scale / fan.
 *
 * `truncated-normal` cuts the normal at +-2 std after dividing its std by
 * 0.87962566 (the std of a standard normal truncated to [-2, 2]), so the
 * drawn elements have std sqrt(scale / fan) as the other two.
 *
 * Citation: Keras/TensorFlow VarianceScaling (Chollet et al. 2015),
 * unifying LeCun 1998, Glorot and Bengio 2010 and He et al. 2015.
 * Formula: std = sqrt(scale / n), n = fan_in | fan_out |
 * (fan_in + fan_out) / 2; uniform bound = sqrt(3) std.
 * Aliases: `variance_scaling`.
 * Parameters: scale (default 1, >= 0), mode (fan_in | fan_out | fan_avg,
 * default fan_in), distribution (normal | truncated-normal | uniform,
 * default truncated-normal). A bias needs `spec.fans`.
 *
 * @example createInitializer('variance-scaling', { scale: 2 }) // He
 */
export const varianceScaling: Scheme = {
  name: 'variance-scaling',
  aliases: ['variance_scaling'],
  summary: 'Variance scale / fan, any fan mode and distribution.',
  formula: 'std = sqrt(scale / n), n = fan_in | fan_out | fan_avg',
  citation:
    'Keras VarianceScaling (Chollet et al. 2015), generalizing LeCun ' +
    '1998, Glorot and Bengio 2010 and He et al. 2015.',
  options: [
    {
      name: 'scale',
      type: 'number',
      description: 'The gain squared, >= 0.',
      default: 1,
    },
    {
      name: 'mode',
      type: 'string',
      description: 'Which fan divides the variance.',
      default: 'fan_in',
      allowed: FAN_MODES,
    },
    {
      name: 'distribution',
      type: 'string',
      description: 'What the elements are drawn from.',
      default: 'truncated-normal',
      allowed: VARIANCE_DISTRIBUTIONS,
    },
  ],
  create(options) {
    const where = 'variance-scaling';
    const resolved = resolveOptions(where, this.options, options);
    const scale = numberOption(where, resolved, 'scale', 0);
    const mode = stringOption<FanMode>(resolved, 'mode');
    const distribution = stringOption<VarianceDistribution>(
      resolved,
      'distribution',
    );
    return varianceScaledInitializer(where, { scale, mode, distribution });
  },
};
