import type { Scheme } from '../types.js';
import { elementwiseInitializer } from './common.js';
import { numberOption, resolveOptions } from './options.js';

/**
 * Every element the same value; AlexNet sets some biases to 1 so that
 * ReLUs start in their active region.
 *
 * Citation: Krizhevsky, Sutskever and Hinton 2012, ImageNet Classification
 * with Deep Convolutional Neural Networks (biases of 1).
 * Formula: w = value. Aliases: `const`, `full`.
 * Parameters: value (number, default 0; an explicit 0 is honoured).
 *
 * @example createInitializer('constant', { value: 0.1 })
 */
export const constant: Scheme = {
  name: 'constant',
  aliases: ['const', 'full'],
  summary: 'Every element the same value.',
  formula: 'w = value',
  citation:
    'Krizhevsky, Sutskever and Hinton 2012, ImageNet Classification with ' +
    'Deep Convolutional Neural Networks (biases of 1).',
  options: [
    {
      name: 'value',
      type: 'number',
      description: 'The value of every element.',
      default: 0,
    },
  ],
  create(options) {
    const resolved = resolveOptions('constant', this.options, options);
    const value = numberOption('constant', resolved, 'value');
    return elementwiseInitializer('constant', () => ({
      kind: 'constant',
      value,
    }));
  },
};
