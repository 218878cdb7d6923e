/**
 * The recipe's data, loaded and checked before anything is built: missing
 * files or folders, corrupt IDX headers and a batch larger than the
 * training set all stop the run here.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';

import { architectureNames, architectureSpec } from '@zoo/models';

import { loadCifar10Set } from '../data/cifar10.js';
import { loadIdxSet } from '../data/dataset.js';
import { DecodePool } from '../data/decode-pool.js';
import { limitSplit, scanImageFolder } from '../data/folder.js';
import { folderSource } from '../data/folder-source.js';
import { memorySource, type BatchSource } from '../data/source.js';
import { RecipeError } from '../recipe/errors.js';
import type { Recipe } from '../recipe/types.js';

export interface TrainingData {
  readonly train: BatchSource;
  /** Undefined when the recipe names no test data. */
  readonly test: BatchSource | undefined;
}

/** Closes both sources of `data`. */
export async function closeTrainingData(data: TrainingData): Promise<void> {
  await data.train.close();
  await data.test?.close();
}

function need(path: string, field: string): void {
  if (path === '') {
    throw new RecipeError(`recipe: data.${field} must name a file; got ''`);
  }
  if (!existsSync(path)) {
    throw new RecipeError(`recipe: data.${field} must exist; got ${path}`);
  }
}

/**
 * Decoding threads per replica of `decodeThreads`: -1 shares min(4,
 * cores) among the `replicas` (at least one each); a number is per
 * replica.
 */
export function decodeThreadCount(decodeThreads: number, replicas = 1): number {
  return decodeThreads === -1
    ? Math.max(1, Math.floor(Math.min(4, availableParallelism()) / replicas))
    : decodeThreads;
}

function needFolder(folder: string): void {
  if (
    folder === '' ||
    !statSync(folder, { throwIfNoEntry: false })?.isDirectory()
  ) {
    throw new RecipeError(
      `recipe: data.folder must be an existing folder; got ` +
        `${folder === '' ? "''" : folder}`,
    );
  }
}

function openIdx(recipe: Recipe): TrainingData {
  const d = recipe.data;
  need(d.trainImages, 'trainImages');
  need(d.trainLabels, 'trainLabels');
  const train = memorySource(
    loadIdxSet(d.trainImages, d.trainLabels, d.trainLimit),
    d,
  );
  let test: BatchSource | undefined;
  if (d.testImages !== '' || d.testLabels !== '') {
    need(d.testImages, 'testImages');
    need(d.testLabels, 'testLabels');
    test = memorySource(loadIdxSet(d.testImages, d.testLabels, d.testLimit), d);
  }
  return { train, test };
}

function openCifar10(recipe: Recipe): TrainingData {
  const d = recipe.data;
  needFolder(d.folder);
  const train = loadCifar10Set(d.folder, 'train', d.trainLimit);
  const test = loadCifar10Set(d.folder, 'test', d.testLimit);
  return { train: memorySource(train, d), test: memorySource(test, d) };
}

/** The input side of a zoo architecture with ImageNet-sized input. */
function inputSide(architecture: string): number | undefined {
  if (!architectureNames().includes(architecture)) {
    return undefined;
  }
  const [h, w, c] = architectureSpec(architecture).input;
  return c === 3 && h === w ? h : undefined;
}

function openFolder(recipe: Recipe, replicas: number): TrainingData {
  const d = recipe.data;
  needFolder(d.folder);
  const side = inputSide(recipe.model.architecture);
  if (side !== undefined && side !== d.crop) {
    throw new RecipeError(
      `recipe: data.crop must be ${side} (the input side of ` +
        `${recipe.model.architecture}); got ${d.crop}`,
    );
  }
  const folder = scanImageFolder(d.folder);
  const threads = decodeThreadCount(d.decodeThreads, replicas);
  const pool =
    threads > 0
      ? new DecodePool(threads, {
          resize: d.resize,
          crop: d.crop,
          flip: d.flip,
        })
      : undefined;
  const common = { classes: folder.classes.length, data: d, seed: recipe.seed };
  const train = folderSource({
    ...common,
    split: limitSplit(folder.train, d.trainLimit),
    pool,
  });
  const test =
    folder.val === undefined
      ? undefined
      : folderSource({
          ...common,
          split: limitSplit(folder.val, d.testLimit),
          pool: pool?.retain(),
        });
  return { train, test };
}

/**
 * The training and test sources of `recipe`: idx files, the CIFAR-10
 * binary files in data.folder, or an image folder (data/folder.ts).
 * Throws RecipeError for missing or malformed data and a batch larger
 * than the training set; nothing is left open then. `replicas` of a
 * data-parallel run share the automatic decoding threads.
 */
export async function openTrainingData(
  recipe: Recipe,
  replicas = 1,
): Promise<TrainingData> {
  const d = recipe.data;
  if (d.layout !== 'NHWC') {
    throw new RecipeError(
      `recipe: data.layout must be NHWC to train tfjs models (NCHW batches ` +
        `are for other consumers of makeBatch); got ${d.layout}`,
    );
  }
  const data =
    d.kind === 'idx'
      ? openIdx(recipe)
      : d.kind === 'cifar10'
        ? openCifar10(recipe)
        : openFolder(recipe, replicas);
  if (recipe.batchSize > data.train.count) {
    await closeTrainingData(data);
    throw new RecipeError(
      `recipe: batchSize must be at most the training set size ` +
        `(${data.train.count}); got ${recipe.batchSize}`,
    );
  }
  return data;
}
