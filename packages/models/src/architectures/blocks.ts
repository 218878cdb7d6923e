/**
 * The layers the zoo architectures are made of, with the names they get.
 * Names are stable (conv1, fc6, conv3_2, ...): weight names derive from them
 * (conv1/kernel, conv1/bias), and so do initializer stream keys.
 */
import {
  layers,
  sequential,
  type Sequential,
  type Shape,
} from '@tensorflow/tfjs-layers';

import {
  GroupedConv2D,
  type InitializerName,
} from '../layers/grouped-conv2d.js';
import { lrn } from '../layers/lrn.js';
import type { Activation } from './options.js';

/** Any layer of a zoo architecture. */
export type ZooLayer = layers.Layer;

export { lrn };

export function input(shape: Shape): ZooLayer {
  return layers.inputLayer({ inputShape: shape, name: 'input' });
}

export function conv(
  name: string,
  filters: number,
  kernelSize: number,
  strides: number,
  padding: 'same' | 'valid',
  initializer: InitializerName,
  groups = 1,
): ZooLayer {
  if (groups > 1) {
    return new GroupedConv2D({
      name,
      filters,
      kernelSize,
      strides,
      padding,
      groups,
      kernelInitializer: initializer,
    });
  }
  return layers.conv2d({
    name,
    filters,
    kernelSize,
    strides,
    padding,
    kernelInitializer: initializer,
  });
}

export function relu(name: string): ZooLayer {
  return layers.reLU({ name });
}

export function activation(name: string, fn: Activation): ZooLayer {
  return layers.activation({ name, activation: fn });
}

export function maxPool(
  name: string,
  size: number,
  strides: number,
  padding: 'same' | 'valid' = 'valid',
): ZooLayer {
  return layers.maxPooling2d({ name, poolSize: size, strides, padding });
}

export function zeroPad(name: string, pad: number): ZooLayer {
  return layers.zeroPadding2d({ name, padding: pad });
}

export function flatten(): ZooLayer {
  return layers.flatten({ name: 'flatten' });
}

export function dense(
  name: string,
  units: number,
  initializer: InitializerName,
): ZooLayer {
  return layers.dense({ name, units, kernelInitializer: initializer });
}

export function dropout(name: string, rate: number): ZooLayer[] {
  return rate > 0 ? [layers.dropout({ name, rate })] : [];
}

/**
 * The fully connected head the Caffe-style networks put after flatten: two
 * hidden layers fc{first} and fc{first + 1} of `widths` units, each followed
 * by relu{n} and then drop{n} (none when `rate` is 0), and the output layer
 * fc{first + 2} of `classes` units.
 */
export function classifier(
  first: number,
  widths: readonly [number, number],
  classes: number,
  initializer: InitializerName,
  rate: number,
): ZooLayer[] {
  const hidden = (n: number, units: number): ZooLayer[] => [
    dense(`fc${n}`, units, initializer),
    relu(`relu${n}`),
    ...dropout(`drop${n}`, rate),
  ];

  return [
    ...hidden(first, widths[0]),
    ...hidden(first + 1, widths[1]),
    dense(`fc${first + 2}`, classes, initializer),
  ];
}

export function batchNorm(name: string): ZooLayer {
  // PyTorch's BatchNorm2d defaults: eps 1e-5 and momentum 0.1, which is
  // Keras's momentum 0.9 (the weight of the old moving average).
  return layers.batchNormalization({ name, epsilon: 1e-5, momentum: 0.9 });
}

/** A named sequential model of `layers`, flattened one level. */
export function sequentialModel(
  name: string,
  parts: (ZooLayer | ZooLayer[])[],
): Sequential {
  return sequential({ name, layers: parts.flat() });
}
