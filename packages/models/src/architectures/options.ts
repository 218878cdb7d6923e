/**
 * Options shared by the zoo architectures, and their checking.
 */
import { ZooInputError, ZooNotImplementedError } from '../errors.js';
import type { InitializerName } from '../layers/grouped-conv2d.js';

/**
 * The inputs an architecture can be built for: its published ImageNet
 * size, CIFAR-10 (32x32x3) or Fashion-MNIST (28x28x1).
 */
export type InputPreset = 'imagenet' | 'cifar10' | 'fashion-mnist';

export const inputPresets: readonly InputPreset[] = [
  'imagenet',
  'cifar10',
  'fashion-mnist',
];

export type Activation = 'linear' | 'relu' | 'tanh' | 'sigmoid';

export interface ArchitectureOptions {
  /** Input preset; default 'imagenet' ('fashion-mnist' for mlp). */
  input?: InputPreset;
  /** Output classes; default 1000 for imagenet, 10 for the small inputs. */
  classes?: number;
  /** Dropout rate of the classifier; default 0.5; 0 removes the layers. */
  dropout?: number;
  /** Width of the hidden fully connected layers (see each architecture). */
  fcWidth?: number;
  /** Initializer of conv and dense kernels; default 'glorotUniform'. */
  initializer?: InitializerName;
  /** alexnet only: LRN after conv1 and conv2; default false (torchvision). */
  lrn?: boolean;
  /** alexnet only: conv4 filters, 256 (torchvision) or 384 (the paper). */
  conv4?: 256 | 384;
  /** vgg-* only: BatchNorm after every conv (torchvision's vgg*_bn). */
  batchNorm?: boolean;
  /** mlp only: number of dense layers, output layer included; default 5. */
  depth?: number;
  /** mlp only: units of each hidden layer; default 256. */
  width?: number;
  /** mlp only: hidden activation; default 'relu'. */
  activation?: Activation;
}

export type OptionKey = keyof ArchitectureOptions;

export const commonKeys: readonly OptionKey[] = [
  'input',
  'classes',
  'dropout',
  'fcWidth',
  'initializer',
];

/** Throws unless every key of `options` is one `name` accepts. */
export function checkOptionKeys(
  name: string,
  options: ArchitectureOptions,
  allowed: readonly OptionKey[],
): void {
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && !(allowed as readonly string[]).includes(key)) {
      throw new ZooInputError(
        `${name}: option ${key} must be one of ${allowed.join(', ')}; ` +
          `got ${key}`,
      );
    }
    if (value === null) {
      throw new ZooInputError(
        `${name}: ${key} must be a value (leave it out for the default); ` +
          `got null`,
      );
    }
  }
  const input = options.input;
  if (input !== undefined && !inputPresets.includes(input)) {
    throw new ZooInputError(
      `${name}: input must be one of ${inputPresets.join(', ')}; ` +
        `got ${String(input)}`,
    );
  }
  const positive = ['classes', 'fcWidth', 'depth', 'width'] as const;
  for (const key of positive) {
    const v: unknown = options[key];
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < 1)) {
      throw new ZooInputError(
        `${name}: ${key} must be a positive integer; got ${shown(v)}`,
      );
    }
  }
  const rate: unknown = options.dropout;
  if (
    rate !== undefined &&
    !(typeof rate === 'number' && rate >= 0 && rate < 1)
  ) {
    throw new ZooInputError(
      `${name}: dropout must be a number in [0, 1); got ${shown(rate)}`,
    );
  }
  for (const key of ['lrn', 'batchNorm'] as const) {
    const v: unknown = options[key];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new ZooInputError(
        `${name}: ${key} must be true or false; got ${shown(v)}`,
      );
    }
  }
  const init: unknown = options.initializer;
  if (init !== undefined && !initializerNames.includes(init as never)) {
    throw new ZooInputError(
      `${name}: initializer must be one of ${initializerNames.join(', ')}; ` +
        `got ${shown(init)}`,
    );
  }
}

/**
 * The initializers a zoo architecture is built with (zoo reinit or a
 * recipe's init draws the real weights afterwards).
 */
const initializerNames: readonly InitializerName[] = ['glorotUniform', 'zeros'];

/** A user's value as it was written: strings quoted, NaN as NaN. */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** [height, width, channels] of a small preset. */
export function smallInputShape(input: InputPreset): [number, number, number] {
  return input === 'fashion-mnist' ? [28, 28, 1] : [32, 32, 3];
}

/** Throws the not-implemented error for a preset an architecture lacks. */
export function refuseInput(name: string, input: InputPreset): never {
  throw new ZooNotImplementedError(
    `${name}: input must be imagenet (no small-input variant is defined); ` +
      `got ${input}`,
  );
}
