export type { Fans, Layout, Seed, WeightSpec } from './types.js';
export { philox4x32 } from './random/philox.js';
export { RandomStream, checkSeed, fnv1a64 } from './random/stream.js';
export { fillNormal, fillUniform } from './random/distributions.js';
export type { FloatArray } from './random/distributions.js';
