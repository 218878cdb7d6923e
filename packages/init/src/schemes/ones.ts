import type { Scheme } from '../types.js';
import { elementwiseInitializer } from './common.js';
import { resolveOptions } from './options.js';

/**
 * Every element 1; e.g. the scale of a batch-normalization layer.
 *
 * Citation: Ioffe and Szegedy 2015 (batch normalization's gamma = 1).
 * Formula: w = 1. Aliases: `one`. Parameters: none.
 *
 * @example createInitializer('ones').fill(spec, 0, out)
 */
export const ones: Scheme = {
  name: 'ones',
  aliases: ['one'],
  summary: 'Every element 1.',
  formula: 'w = 1',
  citation: 'Ioffe and Szegedy 2015, Batch Normalization (gamma = 1).',
  options: [],
  create(options) {
    resolveOptions('ones', this.options, options);
    return elementwiseInitializer('ones', () => ({
      kind: 'constant',
      value: 1,
    }));
  },
};
