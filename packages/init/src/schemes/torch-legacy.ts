import type { Scheme } from '../types.js';
import { resolveOptions } from './options.js';
import { varianceScaledInitializer } from './variance.js';

/**
 * Torch7's nn default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and
 * bias, kept by PyTorch's default reset_parameters (kaiming_uniform_ with
 * a = sqrt(5) gives the same bound).
 *
 * Its std is 1 / sqrt(3 fan_in), not LeCun's 1 / sqrt(fan_in): Torch7
 * took LeCun's std as the uniform bound and left out the sqrt(3)
 * (Dieleman and Chintala, 2014). PyTorch reads fan_in of a ConvTranspose
 * weight from axis 1 (C_out / group); here fan_in is the layer's own.
 *
 * Citation: Collobert, Kavukcuoglu and Farabet 2011, Torch7 (nn.Linear,
 * nn.SpatialConvolution reset).
 * Formula: bound = 1 / sqrt(fan_in), i.e. variance scaling with scale 1/3.
 * Aliases: `torch7`, `pytorch-default`, `lua-torch`.
 * Parameters: none. A bias needs `spec.fans` of its layer.
 *
 * @example createInitializer('torch-legacy') // [k, 100] OI: bound 0.1
 */
export const torchLegacy: Scheme = {
  name: 'torch-legacy',
  aliases: ['torch7', 'pytorch-default', 'lua-torch'],
  summary: "Torch7/PyTorch default: LeCun's std taken as the uniform bound.",
  formula: 'w ~ U(-b, b), b = 1 / sqrt(fan_in) (std = b / sqrt(3))',
  citation:
    'Collobert, Kavukcuoglu and Farabet 2011, Torch7: A Matlab-like ' +
    'Environment for Machine Learning (nn reset).',
  options: [],
  create(options) {
    resolveOptions('torch-legacy', this.options, options);
    return varianceScaledInitializer('torch-legacy', {
      scale: 1 / 3,
      mode: 'fan_in',
      distribution: 'uniform',
    });
  },
};
