export { activationGain, gainOption } from './gain.js';
export {
  planReinit,
  type BiasPolicy,
  type PlannedWeight,
  type ReinitOptions,
  type ReinitPlan,
} from './plan.js';
export { parseRules, readRules, matchRule, type Rule } from './rules.js';
export {
  reinitModel,
  type ReinitWriteOptions,
  type WrittenStats,
} from './run.js';
