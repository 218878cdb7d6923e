import type { Scheme } from '../types.js';
import { GLOROT_OPTIONS, glorotInitializer } from './variance.js';

/**
 * Glorot (Xavier) uniform: variance 2 / (fan_in + fan_out), the compromise
 * between keeping forward activations and backward gradients.
 *
 * Citation: Glorot and Bengio 2010, Understanding the difficulty of
 * training deep feedforward neural networks (eq. 16 for uniform).
 * Formula: w ~ U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out)).
 * Aliases: `xavier-uniform`, `glorot_uniform`, `xavier_uniform`.
 * Parameters: gain (default 1, >= 0; see `gain`). A bias needs
 * `spec.fans`.
 *
 * @example
 * // A 3x3x16x32 HWIO kernel: b = sqrt(6 / 432) = 0.11785.
 * createInitializer('glorot-uniform')
 */
export const glorotUniform: Scheme = {
  name: 'glorot-uniform',
  aliases: ['xavier-uniform', 'glorot_uniform', 'xavier_uniform'],
  summary: 'Glorot/Xavier uniform: variance 2 / (fan_in + fan_out).',
  formula: 'w ~ U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out))',
  citation:
    'Glorot and Bengio 2010, Understanding the difficulty of training ' +
    'deep feedforward neural networks.',
  options: GLOROT_OPTIONS,
  create(options) {
    return glorotInitializer(
      'glorot-uniform',
      this.options,
      options,
      'uniform',
    );
  },
};
