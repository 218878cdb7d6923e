/**
 * `train`: one recipe, trained in this thread or data-parallel on worker
 * threads, with the same results either way up to float32 summation order.
 */
import { availableParallelism } from 'node:os';

import type { BackendCandidate } from '@zoo/models';

import { trainOnWorkers } from '../parallel/workers.js';
import { solo } from '../parallel/collective.js';
import { RecipeError } from '../recipe/errors.js';
import type { Recipe } from '../recipe/types.js';
import type { Evaluation } from './evaluate.js';
import type { LogSink } from './log.js';
import { trainReplica } from './replica.js';

export interface TrainOptions {
  /** Each log line and its record; default: lines to stdout. */
  onLog?: LogSink;
  /** A checkpoint to continue from (weights, velocity, step, data position). */
  resume?: string;
  /** Backends to try; default @zoo/models' order. */
  backends?: readonly BackendCandidate[];
  /** Return the final weights (copied) in the result. */
  keepWeights?: boolean;
  /**
   * Replicas, each on its own worker thread with its own backend, that
   * split every batch and average their gradients; default 1 (this
   * thread). The recipe's batchSize is the global batch.
   */
  workers?: number;
  /** Write the trained model here as ONNX (atomically; replaces a file). */
  onnx?: string;
}

export interface TrainResult {
  readonly steps: number;
  readonly backend: string;
  /** Loss of the last step's batch. */
  readonly trainLoss: number;
  /** The final evaluation; undefined without test data. */
  readonly test: Evaluation | undefined;
  /** Training images per second of this call (evaluation excluded). */
  readonly imagesPerSecond: number;
  /** The last checkpoint written; undefined without checkpointDir. */
  readonly checkpoint: string | undefined;
  readonly weights: Record<string, Float32Array> | undefined;
}

/**
 * Trains `recipe`: data checked, model built and initialised, SGD steps
 * over (seed, epoch)-determined batches, evaluation, checkpoints, exact
 * resume, and optionally the trained model as ONNX.
 *
 * @example
 *   const r = await train(loadRecipe('recipes/fashion-mnist-convnet.json'), {
 *     workers: 2,
 *   });
 *   console.log(r.test?.top1);
 */
export async function train(
  recipe: Recipe,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(
      `train: workers must be a positive integer; got ${workers}`,
    );
  }
  if (recipe.batchSize % workers !== 0) {
    throw new RecipeError(
      `recipe: batchSize must be divisible by the number of workers ` +
        `(${workers}); got ${recipe.batchSize}`,
    );
  }
  // More replicas than cores only take turns, each with its own data.
  const cores = availableParallelism();
  if (workers > cores) {
    throw new RangeError(
      `train: workers must be at most the number of cores (${cores}); ` +
        `got ${workers}`,
    );
  }
  return workers === 1
    ? trainReplica(recipe, options, solo)
    : trainOnWorkers(recipe, options, workers);
}
