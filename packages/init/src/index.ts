export type {
  Distribution,
  Fans,
  FloatArray,
  Initializer,
  Layout,
  Scheme,
  SchemeOption,
  Seed,
  WeightSpec,
} from './types.js';
export { computeFans, outputAxis } from './fans.js';
export { philox4x32 } from './random/philox.js';
export { RandomStream, checkSeed, fnv1a64 } from './random/stream.js';
export { fillNormal, fillUniform } from './random/distributions.js';
