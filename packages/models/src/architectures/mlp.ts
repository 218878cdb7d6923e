/**
 * A deep fully connected network for depth studies, after Saxe, McClelland
 * and Ganguli, "Exact solutions to the nonlinear dynamics of learning in
 * deep linear neural networks", arXiv 1312.6120 (2013): flatten, then
 * `depth` dense layers (fc1 .. fc{depth}), the first depth - 1 of `width`
 * units followed by `activation`, the last of `classes` units. Depth 1 is
 * multinomial logistic regression. Default input fashion-mnist (28x28x1,
 * 784 inputs); default depth 5, width 256, ReLU.
 */
import type { Sequential } from '@tensorflow/tfjs-layers';

import {
  activation,
  dense,
  flatten,
  input,
  sequentialModel,
  type ZooLayer,
} from './blocks.js';
import {
  checkOptionKeys,
  smallInputShape,
  type ArchitectureOptions,
  type OptionKey,
} from './options.js';
import { ZooInputError } from '../errors.js';

export const mlpKeys: readonly OptionKey[] = [
  'input',
  'classes',
  'initializer',
  'depth',
  'width',
  'activation',
];

const activations = ['linear', 'relu', 'tanh', 'sigmoid'];

export function mlp(options: ArchitectureOptions = {}): Sequential {
  const name = 'mlp';
  checkOptionKeys(name, options, mlpKeys);
  const fn = options.activation ?? 'relu';
  if (!activations.includes(fn)) {
    throw new ZooInputError(
      `mlp: activation must be one of ${activations.join(', ')}; got ${fn}`,
    );
  }
  const preset = options.input ?? 'fashion-mnist';
  const depth = options.depth ?? 5;
  const init = options.initializer ?? 'glorotUniform';
  const big = preset === 'imagenet';
  const parts: ZooLayer[] = [
    input(big ? [224, 224, 3] : smallInputShape(preset)),
    flatten(),
  ];

  for (let i = 1; i < depth; i++) {
    parts.push(dense(`fc${i}`, options.width ?? 256, init));
    parts.push(activation(`act${i}`, fn));
  }
  parts.push(dense(`fc${depth}`, options.classes ?? (big ? 1000 : 10), init));
  return sequentialModel(name, parts);
}
