import type { Scheme } from '../types.js';
import { GLOROT_OPTIONS, glorotInitializer } from './variance.js';

/**
 * Glorot (Xavier) normal: variance 2 / (fan_in + fan_out), the compromise
 * between keeping forward activations and backward gradients.
 *
 * Citation: Glorot and Bengio 2010, Understanding the difficulty of
 * training deep feedforward neural networks (eq. 16 for uniform).
 * Formula: std = gain * sqrt(2 / (fan_in + fan_out)).
 * Aliases: `xavier-normal`, `glorot_normal`, `xavier_normal`.
 * Parameters: gain (default 1, >= 0; see `gain`). A bias needs
 * `spec.fans`.
 *
 * @example createInitializer('glorot-normal', { gain: Math.SQRT2 })
 */
export const glorotNormal: Scheme = {
  name: 'glorot-normal',
  aliases: ['xavier-normal', 'glorot_normal', 'xavier_normal'],
  summary: 'Glorot/Xavier normal: variance 2 / (fan_in + fan_out).',
  formula: 'std = gain * sqrt(2 / (fan_in + fan_out))',
  citation:
    'Glorot and Bengio 2010, Understanding the difficulty of training ' +
    'deep feedforward neural networks.',
  options: GLOROT_OPTIONS,
  create(options) {
    return glorotInitializer('glorot-normal', this.options, options, 'normal');
  },
};
