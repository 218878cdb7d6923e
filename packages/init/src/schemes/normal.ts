import type { Scheme } from '../types.js';
import { elementwiseInitializer } from './common.js';
import { numberOption, resolveOptions } from './options.js';

/**
 * Independent normal draws of a fixed std, whatever the layer's size.
 *
 * Citation: Krizhevsky, Sutskever and Hinton 2012 (AlexNet: std 0.01).
 * Formula: w ~ N(mean, std^2). Aliases: `gaussian`, `random-normal`.
 * Parameters: mean (default 0), std (default 1, >= 0; an explicit 0 gives
 * the constant mean).
 *
 * @example createInitializer('normal', { std: 0.01 }) // AlexNet
 */
export const normal: Scheme = {
  name: 'normal',
  aliases: ['gaussian', 'random-normal'],
  summary: 'Normal with a fixed std (AlexNet used std 0.01).',
  formula: 'w ~ N(mean, std^2)',
  citation:
    'Krizhevsky, Sutskever and Hinton 2012, ImageNet Classification with ' +
    'Deep Convolutional Neural Networks (std 0.01).',
  options: [
    { name: 'mean', type: 'number', description: 'The mean.', default: 0 },
    {
      name: 'std',
      type: 'number',
      description: 'The standard deviation, >= 0.',
      default: 1,
    },
  ],
  create(options) {
    const resolved = resolveOptions('normal', this.options, options);
    const mean = numberOption('normal', resolved, 'mean');
    const std = numberOption('normal', resolved, 'std', 0);
    return elementwiseInitializer('normal', () => ({
      kind: 'normal',
      mean,
      std,
    }));
  },
};
