import type { Scheme } from '../types.js';
import { elementwiseInitializer } from './common.js';
import { resolveOptions } from './options.js';

/**
 * Every element 0; the usual bias initializer.
 *
 * Citation: common practice (e.g. Krizhevsky et al. 2012 for most biases).
 * Formula: w = 0. Aliases: `zero`. Parameters: none.
 *
 * @example createInitializer('zeros').fill(spec, 0, out)
 */
export const zeros: Scheme = {
  name: 'zeros',
  aliases: ['zero'],
  summary: 'Every element 0.',
  formula: 'w = 0',
  citation: 'Common practice; no paper.',
  options: [],
  create(options) {
    resolveOptions('zeros', this.options, options);
    return elementwiseInitializer('zeros', () => ({
      kind: 'constant',
      value: 0,
    }));
  },
};
