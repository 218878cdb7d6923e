import type { Recipe } from './types.js';

/** Every default of a recipe; a fresh object on each call. */
export function defaultRecipe(): Recipe {
  return {
    name: 'unnamed',
    model: { architecture: 'mlp', options: {}, onnx: '' },
    init: {
      scheme: 'he-normal',
      options: {},
      bias: 'zeros',
      biasOptions: {},
      seed: 0,
      rules: [],
    },
    data: {
      kind: 'idx',
      trainImages: '',
      trainLabels: '',
      testImages: '',
      testLabels: '',
      folder: '',
      mean: [0],
      std: [1],
      layout: 'NHWC',
      trainLimit: 0,
      testLimit: 0,
      resize: 256,
      crop: 224,
      flip: true,
      decodeThreads: -1,
    },
    optimizer: {
      kind: 'sgd',
      lr: 0.01,
      momentum: 0.9,
      weightDecay: 0,
      nesterov: false,
      decayBiases: true,
    },
    schedule: {
      kind: 'constant',
      warmupSteps: 0,
      stepEpochs: 30,
      milestones: [],
      gamma: 0.1,
      minLr: 0,
      patience: 2,
      maxDecays: 0,
    },
    epochs: 1,
    batchSize: 64,
    seed: 0,
    maxSteps: 0,
    evalEvery: 0,
    logEvery: 50,
    checkpointEvery: 0,
    checkpointDir: '',
  };
}

/** Allowed values of the string fields that are enumerations. */
export const ENUMS: Readonly<Record<string, readonly string[]>> = {
  'data.kind': ['idx', 'cifar10', 'folder'],
  'data.layout': ['NHWC', 'NCHW'],
  'optimizer.kind': ['sgd'],
  'schedule.kind': ['constant', 'step', 'multistep', 'cosine', 'plateau'],
};

/** Fields whose contents are checked by their consumer, not by type. */
export const OPEN_FIELDS: readonly string[] = [
  'model.options',
  'init.options',
  'init.biasOptions',
];

/** Integer fields (the rest of the numbers may be fractional). */
export const INTEGERS: readonly string[] = [
  'init.seed',
  'data.trainLimit',
  'data.testLimit',
  'data.resize',
  'data.crop',
  'schedule.warmupSteps',
  'schedule.patience',
  'schedule.maxDecays',
  'epochs',
  'batchSize',
  'seed',
  'maxSteps',
  'evalEvery',
  'logEvery',
  'checkpointEvery',
];
