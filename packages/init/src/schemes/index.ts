import type { Initializer, Scheme } from '../types.js';
import { constant } from './constant.js';
import { deltaOrthogonal } from './delta-orthogonal.js';
import { glorotNormal } from './glorot-normal.js';
import { glorotUniform } from './glorot-uniform.js';
import { heNormal } from './he-normal.js';
import { heUniform } from './he-uniform.js';
import { identity } from './identity.js';
import { lecunNormal } from './lecun-normal.js';
import { lecunUniform } from './lecun-uniform.js';
import { normal } from './normal.js';
import { ones } from './ones.js';
import { orthogonal } from './orthogonal.js';
import { SchemeRegistry } from './registry.js';
import { sparse } from './sparse.js';
import { torchLegacy } from './torch-legacy.js';
import { truncatedNormal } from './truncated-normal.js';
import { uniform } from './uniform.js';
import { varianceScaling } from './variance-scaling.js';
import { zeros } from './zeros.js';

/** Every scheme of @zoo/init, in alphabetical order of name. */
export const SCHEMES: readonly Scheme[] = [
  constant,
  deltaOrthogonal,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  identity,
  lecunNormal,
  lecunUniform,
  normal,
  ones,
  orthogonal,
  sparse,
  torchLegacy,
  truncatedNormal,
  uniform,
  varianceScaling,
  zeros,
];

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
export {
  constant,
  deltaOrthogonal,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  identity,
  lecunNormal,
  lecunUniform,
  normal,
  ones,
  orthogonal,
  sparse,
  torchLegacy,
  truncatedNormal,
  uniform,
  varianceScaling,
  zeros,
};
export {
  FAN_MODES,
  VARIANCE_DISTRIBUTIONS,
  varianceScaled,
  type FanMode,
  type VarianceDistribution,
  type VarianceScaling,
} from './variance.js';
export { distributionStd } from './common.js';
