import type { Scheme } from '../types.js';
import { HE_OPTIONS, heInitializer } from './variance.js';

/**
 * He (Kaiming) normal: variance 2 / ((1 + a^2) fan) for (leaky) ReLU
 * layers with negative slope a, so the second moment of the signal is
 * kept through depth (forward with fan_in, backward with fan_out).
 *
 * Citation: He, Zhang, Ren and Sun 2015, Delving Deep into Rectifiers.
 * Formula: std = gain / sqrt(fan), gain = sqrt(2 / (1 + a^2)).
 * Aliases: `kaiming-normal`, `he_normal`, `kaiming_normal`, `msra`.
 * Parameters: mode (fan_in | fan_out, default fan_in), negativeSlope
 * (a, default 0: ReLU; an explicit 0 is honoured). On an OIHW weight
 * fan_out is C_out / group * receptive field. A bias needs `spec.fans`.
 *
 * @example createInitializer('he-normal', { mode: 'fan_out' }) // ResNet
 */
export const heNormal: Scheme = {
  name: 'he-normal',
  aliases: ['kaiming-normal', 'he_normal', 'kaiming_normal', 'msra'],
  summary: 'He/Kaiming normal for (leaky) ReLU: variance 2 / ((1 + a^2) fan).',
  formula: 'std = gain / sqrt(fan), gain = sqrt(2 / (1 + a^2))',
  citation:
    'He, Zhang, Ren and Sun 2015, Delving Deep into Rectifiers: ' +
    'Surpassing Human-Level Performance on ImageNet Classification.',
  options: HE_OPTIONS,
  create(options) {
    return heInitializer('he-normal', this.options, options, 'normal');
  },
};
