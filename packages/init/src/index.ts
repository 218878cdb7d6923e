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
export {
  fillTruncatedNormal,
  truncatedNormalStd,
} from './random/truncated-normal.js';
export { erfc, normalCdf, normalQuantile } from './random/normal-cdf.js';
export { tiedOrthogonal } from './schemes/tied-orthogonal.js';
export {
  ACTIVATIONS,
  DEFAULT_NEGATIVE_SLOPE,
  gain,
  gaussianExpectation,
  leakyReluGain,
  numericGain,
  type Activation,
} from './gains.js';
export {
  FAN_MODES,
  SCHEMES,
  SchemeRegistry,
  VARIANCE_DISTRIBUTIONS,
  createInitializer,
  distributionStd,
  findScheme,
  schemeRegistry,
  varianceScaled,
  type FanMode,
  type VarianceDistribution,
  type VarianceScaling,
} from './schemes/index.js';
