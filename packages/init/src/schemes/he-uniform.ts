import type { Scheme } from '../types.js';
import { HE_OPTIONS, heInitializer } from './variance.js';

/**
 * He (Kaiming) uniform: variance 2 / ((1 + a^2) fan) for (leaky) ReLU
 * layers with negative slope a, so the second moment of the signal is
 * kept through depth (forward with fan_in, backward with fan_out).
 *
 * Citation: He, Zhang, Ren and Sun 2015, Delving Deep into Rectifiers.
 * Formula: w ~ U(-b, b), b = gain * sqrt(3 / fan), gain = sqrt(2 / (1 + a^2)).
 * Aliases: `kaiming-uniform`, `he_uniform`, `kaiming_uniform`.
 * Parameters: mode (fan_in | fan_out, default fan_in), negativeSlope
 * (a, default 0: ReLU; an explicit 0 is honoured). On an OIHW weight
 * fan_out is C_out / group * receptive field. A bias needs `spec.fans`.
 *
 * @example createInitializer('he-uniform', { mode: 'fan_out' }) // ResNet
 */
export const heUniform: Scheme = {
  name: 'he-uniform',
  aliases: ['kaiming-uniform', 'he_uniform', 'kaiming_uniform'],
  summary: 'He/Kaiming uniform for (leaky) ReLU: variance 2 / ((1 + a^2) fan).',
  formula: 'w ~ U(-b, b), b = gain * sqrt(3 / fan), gain = sqrt(2 / (1 + a^2))',
  citation:
    'He, Zhang, Ren and Sun 2015, Delving Deep into Rectifiers: ' +
    'Surpassing Human-Level Performance on ImageNet Classification.',
  options: HE_OPTIONS,
  create(options) {
    return heInitializer('he-uniform', this.options, options, 'uniform');
  },
};
