/**
 * What a resume may change. The data order is fixed by (seed, epoch) and
 * the position by step * batchSize, so seed, batchSize and data (but for
 * the number of decoding threads) must be those of the checkpoint; the model and init must be too, or the stored
 * weights would not fit. Everything else (epochs, maxSteps, the schedule,
 * logging) may change, and the changed fields are reported.
 */
import { RecipeError } from '../recipe/errors.js';
import type { Recipe } from '../recipe/types.js';
import { resolveRecipe } from '../recipe/validate.js';
import type { Checkpoint } from './checkpoint.js';

const FIXED = ['seed', 'batchSize', 'data', 'model', 'init'] as const;

/** A recipe field as compared; decoding threads change no batch. */
function comparable(recipe: Recipe, key: keyof Recipe): string {
  const value =
    key === 'data' ? { ...recipe.data, decodeThreads: undefined } : recipe[key];
  return JSON.stringify(value);
}

/** Where the resumed run stands: its steps and its replicas. */
export interface ResumeRun {
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly workers: number;
}

/**
 * The top-level recipe fields that differ from the checkpoint's (numbers
 * and flags as `key old->new`), and the replica count as `workers A->B` when it differs (the run goes on, equal
 * to float32 rounding: another count sums gradients in another order);
 * throws if a fixed field differs, if the stored data position is not
 * the one this recipe reaches at the stored step, or if the checkpoint is
 * past the run's last step (a run cannot go back; finishing it would
 * write the later weights under an earlier step).
 */
export function checkResume(
  recipe: Recipe,
  ckpt: Checkpoint,
  run: ResumeRun,
): string[] {
  const { stepsPerEpoch, totalSteps, workers } = run;
  if (ckpt.step > totalSteps) {
    throw new RecipeError(
      `resume: the checkpoint's step must be at most the run's last step ` +
        `${totalSteps} (raise maxSteps or epochs to train further); got ` +
        `${ckpt.step}`,
    );
  }
  // The stored recipe with today's defaults for fields added since.
  const stored = resolveRecipe(ckpt.recipe);
  const differs = (k: keyof Recipe): boolean =>
    comparable(recipe, k) !== comparable(stored, k);
  for (const key of FIXED) {
    if (differs(key)) {
      throw new RecipeError(
        `resume: recipe ${key} must equal the checkpoint's ` +
          `${JSON.stringify(stored[key])}; got ${JSON.stringify(recipe[key])}`,
      );
    }
  }
  const epoch = Math.floor(ckpt.step / stepsPerEpoch);
  const index = (ckpt.step % stepsPerEpoch) * recipe.batchSize;
  const d = ckpt.data;
  if (d.seed !== recipe.seed || d.epoch !== epoch || d.index !== index) {
    throw new RecipeError(
      `resume: checkpoint data position must be (seed ${recipe.seed}, epoch ` +
        `${epoch}, index ${index}); got (${d.seed}, ${d.epoch}, ${d.index})`,
    );
  }
  // Numbers and flags with their values (`maxSteps 200->0`), so that an
  // override not given again on resume shows.
  const changed = (Object.keys(recipe) as (keyof Recipe)[])
    .filter(differs)
    .map((key) => {
      const [was, is] = [stored[key], recipe[key]];
      const scalar = (v: unknown): boolean =>
        typeof v === 'number' || typeof v === 'boolean';
      return scalar(was) && scalar(is) ? `${key} ${was}->${is}` : key;
    });
  if (ckpt.workers !== workers) {
    changed.push(`workers ${ckpt.workers}->${workers}`);
  }
  return changed;
}
