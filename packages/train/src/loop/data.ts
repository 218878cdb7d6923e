/**
 * The recipe's data, loaded and checked before anything is built: missing
 * files or folders, corrupt IDX headers and a batch larger than the
 * training set all stop the run here.
 */
import { existsSync, statSync } from 'node:fs';

import { ZooNotImplementedError } from '@zoo/models';

import { loadIdxSet, type ImageSet } from '../data/dataset.js';
import { RecipeError } from '../recipe/errors.js';
import type { Recipe } from '../recipe/types.js';

export interface TrainingData {
  readonly train: ImageSet;
  /** Undefined when the recipe names no test files. */
  readonly test: ImageSet | undefined;
}

function need(path: string, field: string): void {
  if (path === '') {
    throw new RecipeError(`recipe: data.${field} must name a file; got ''`);
  }
  if (!existsSync(path)) {
    throw new RecipeError(`recipe: data.${field} must exist; got ${path}`);
  }
}

export function loadTrainingData(recipe: Recipe): TrainingData {
  const d = recipe.data;
  if (d.layout !== 'NHWC') {
    throw new RecipeError(
      `recipe: data.layout must be NHWC to train tfjs models (NCHW batches ` +
        `are for other consumers of makeBatch); got ${d.layout}`,
    );
  }
  if (d.kind !== 'idx') {
    if (
      d.folder === '' ||
      !existsSync(d.folder) ||
      !statSync(d.folder).isDirectory()
    ) {
      throw new RecipeError(
        `recipe: data.folder must be an existing folder; got ${d.folder === '' ? "''" : d.folder}`,
      );
    }
    throw new ZooNotImplementedError(
      `loadTrainingData: data.kind must be idx (${d.kind} is not ` +
        `implemented yet); got ${d.kind}`,
    );
  }
  need(d.trainImages, 'trainImages');
  need(d.trainLabels, 'trainLabels');
  const train = loadIdxSet(d.trainImages, d.trainLabels, d.trainLimit);
  let test: ImageSet | undefined;
  if (d.testImages !== '' || d.testLabels !== '') {
    need(d.testImages, 'testImages');
    need(d.testLabels, 'testLabels');
    test = loadIdxSet(d.testImages, d.testLabels, d.testLimit);
  }
  if (recipe.batchSize > train.count) {
    throw new RecipeError(
      `recipe: batchSize must be at most the training set size ` +
        `(${train.count}); got ${recipe.batchSize}`,
    );
  }
  return { train, test };
}
