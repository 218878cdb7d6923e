/**
 * The model of a recipe: a zoo architecture from @zoo/models, or
 * `convnet`, a small AlexNet-style net defined here for 28x28 and 32x32
 * inputs: blocks of conv kxk `same` (+ BatchNorm) + ReLU + maxpool 2x2/2
 * (conv1, conv2, ...), flatten, hidden dense + ReLU (+ dropout) (fc1,
 * ...), dense to the classes.
 */
import { existsSync } from 'node:fs';

import { layers, sequential, type Sequential } from '@tensorflow/tfjs-layers';

import {
  buildArchitecture,
  inputPresets,
  type ArchitectureOptions,
  type InputPreset,
} from '@zoo/models';

import { RecipeError, show } from '../recipe/errors.js';
import type { Recipe } from '../recipe/types.js';
import {
  layersTrainable,
  onnxTrainable,
  type TrainableModel,
} from './trainable.js';

export interface ConvnetOptions {
  /** Filters of each conv block; default [32, 64]. */
  conv?: number[];
  /** Kernel size of every conv; default 5. */
  kernelSize?: number;
  /** Units of each hidden dense layer; default [256]. */
  fc?: number[];
  /** BatchNormalization after each conv (before its ReLU); default false. */
  batchNorm?: boolean;
  /** Dropout rate after each hidden dense layer's ReLU; default 0 (none). */
  dropout?: number;
  classes?: number;
  input?: InputPreset;
}

const CONVNET_KEYS = [
  'conv',
  'kernelSize',
  'fc',
  'batchNorm',
  'dropout',
  'classes',
  'input',
];

/** The input preset a data kind implies, unless the recipe names one. */
function inputFor(recipe: Recipe): InputPreset {
  const options = recipe.model.options;
  if ('input' in options) {
    const given = options['input'];
    if (!inputPresets.includes(given as InputPreset)) {
      throw new RecipeError(
        `recipe: model.options.input must be one of ` +
          `${inputPresets.join(', ')}; got ${show(given)}`,
      );
    }
    return given as InputPreset;
  }
  const byKind = {
    idx: 'fashion-mnist',
    cifar10: 'cifar10',
    folder: 'imagenet',
  };
  return byKind[recipe.data.kind] as InputPreset;
}

/**
 * The model a recipe trains: the ONNX file `model.onnx` when one is named
 * (it must take the data's images), else `buildModel(recipe)`.
 */
export async function buildTrainable(
  recipe: Recipe,
  imageShape: readonly [number, number, number],
): Promise<TrainableModel> {
  const path = recipe.model.onnx;
  if (path === '') {
    return layersTrainable(buildModel(recipe));
  }
  if (!existsSync(path)) {
    throw new RecipeError(`recipe: model.onnx must exist; got ${path}`);
  }
  return onnxTrainable(path, imageShape);
}

/** Builds the recipe's zoo model with zero weights (init fills them). */
export function buildModel(recipe: Recipe): Sequential {
  const m = recipe.model;
  const input = inputFor(recipe);
  if (m.architecture === 'convnet') {
    return convnet({ ...(m.options as ConvnetOptions), input });
  }
  const options = { ...m.options, input } as ArchitectureOptions;
  // Zero weights unless the recipe asks; a null it gave is refused.
  if (!('initializer' in options)) options.initializer = 'zeros';
  return buildArchitecture(m.architecture, options);
}

function positiveInts(name: string, v: unknown): number[] {
  if (!Array.isArray(v) || v.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RecipeError(
      `convnet: ${name} must be an array of positive integers; got ${show(v)}`,
    );
  }
  return v as number[];
}

function positiveInt(name: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) < 1) {
    throw new RecipeError(
      `convnet: ${name} must be a positive integer; got ${show(v)}`,
    );
  }
  return v as number;
}

export function convnet(options: ConvnetOptions): Sequential {
  for (const [key, value] of Object.entries(options)) {
    if (!CONVNET_KEYS.includes(key)) {
      throw new RecipeError(
        `convnet: option ${key} must be one of ${CONVNET_KEYS.join(', ')}; ` +
          `got ${key}`,
      );
    }
    if (value === null) {
      throw new RecipeError(
        `convnet: ${key} must be a value (leave it out for the default); ` +
          `got null`,
      );
    }
  }
  const conv = positiveInts('conv', options.conv ?? [32, 64]);
  const fc = positiveInts('fc', options.fc ?? [256]);
  const k = positiveInt('kernelSize', options.kernelSize ?? 5);
  const classes = positiveInt('classes', options.classes ?? 10);
  const batchNorm: unknown = options.batchNorm ?? false;
  if (typeof batchNorm !== 'boolean') {
    throw new RecipeError(
      `convnet: batchNorm must be true or false; got ${show(batchNorm)}`,
    );
  }
  const rate: unknown = options.dropout ?? 0;
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new RecipeError(
      `convnet: dropout must be a number in [0, 1); got ${show(rate)}`,
    );
  }
  const input = options.input ?? 'fashion-mnist';
  const shape = input === 'fashion-mnist' ? [28, 28, 1] : [32, 32, 3];
  if (input === 'imagenet') {
    throw new RecipeError(
      `convnet: input must be fashion-mnist or cifar10; got ${input}`,
    );
  }
  const parts: layers.Layer[] = [
    layers.inputLayer({ inputShape: shape, name: 'input' }),
  ];

  conv.forEach((filters, i) => {
    const n = i + 1;
    parts.push(
      layers.conv2d({
        name: `conv${n}`,
        filters,
        kernelSize: k,
        padding: 'same',
        kernelInitializer: 'zeros',
      }),
      ...(batchNorm
        ? [layers.batchNormalization({ name: `bn${n}`, momentum: 0.9 })]
        : []),
      layers.reLU({ name: `relu${n}` }),
      layers.maxPooling2d({ name: `pool${n}`, poolSize: 2, strides: 2 }),
    );
  });
  parts.push(layers.flatten({ name: 'flatten' }));
  [...fc, classes].forEach((units, i) => {
    const n = i + 1;
    parts.push(
      layers.dense({ name: `fc${n}`, units, kernelInitializer: 'zeros' }),
    );
    if (i < fc.length) {
      parts.push(layers.reLU({ name: `relu_fc${n}` }));
      if (rate > 0) parts.push(layers.dropout({ name: `drop_fc${n}`, rate }));
    }
  });
  return sequential({ name: 'convnet', layers: parts });
}
