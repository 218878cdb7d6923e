import type { Scheme } from '../types.js';
import { elementwiseInitializer } from './common.js';
import { numberOption, resolveOptions } from './options.js';

/**
 * Independent uniform draws on a fixed interval.
 *
 * Citation: common practice (e.g. torch.nn.init.uniform_).
 * Formula: w ~ U(low, high); std = (high - low) / sqrt(12).
 * Aliases: `random-uniform`.
 * Parameters: low (default 0), high (default 1, >= low; high - low
 * finite). Float32 outputs stay in [fround(low), fround(high)].
 *
 * @example createInitializer('uniform', { low: -0.05, high: 0.05 })
 */
export const uniform: Scheme = {
  name: 'uniform',
  aliases: ['random-uniform'],
  summary: 'Uniform on a fixed interval.',
  formula: 'w ~ U(low, high)',
  citation: 'Common practice; no paper.',
  options: [
    { name: 'low', type: 'number', description: 'Lower bound.', default: 0 },
    {
      name: 'high',
      type: 'number',
      description: 'Upper bound, >= low.',
      default: 1,
    },
  ],
  create(options) {
    const resolved = resolveOptions('uniform', this.options, options);
    const low = numberOption('uniform', resolved, 'low');
    const high = numberOption('uniform', resolved, 'high', low, 'low');
    if (!Number.isFinite(high - low)) {
      throw new RangeError(
        `uniform: option high - low must be finite; ` +
          `got ${high} - ${low} = ${high - low}`,
      );
    }
    return elementwiseInitializer('uniform', () => ({
      kind: 'uniform',
      low,
      high,
    }));
  },
};
