import type { Initializer, Scheme } from '../types.js';
import * as all from './all.js';
import { SchemeRegistry } from './registry.js';

/** Every scheme of @zoo/init (the list in all.ts), in order of name. */
export const SCHEMES: readonly Scheme[] = Object.values(all).sort((a, b) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
);

/** The registry of `SCHEMES`. */
export const schemeRegistry = new SchemeRegistry(SCHEMES);

/** The scheme of a name or alias (case-insensitive). */
export function findScheme(name: string): Scheme {
  return schemeRegistry.find(name);
}

/**
 * A configured initializer: `createInitializer('he-normal', { mode:
 * 'fan_out' })`. Unknown names and bad options are errors that name the
 * argument, the allowed values and the value given.
 */
export function createInitializer(
  name: string,
  options?: Readonly<Record<string, unknown>>,
): Initializer {
  return schemeRegistry.create(name, options);
}

export { SchemeRegistry } from './registry.js';
export * from './all.js';
export {
  FAN_MODES,
  VARIANCE_DISTRIBUTIONS,
  varianceScaled,
  type FanMode,
  type VarianceDistribution,
  type VarianceScaling,
} from './variance.js';
export { distributionStd } from './common.js';
