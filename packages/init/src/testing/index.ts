export {
  erf,
  erfc,
  kolmogorovPValue,
  ksStatistic,
  ksTest,
  normalCdf,
  normalCdfOf,
  truncatedNormalCdf,
  uniformCdf,
} from './ks.js';
export type { Cdf, KsResult } from './ks.js';
