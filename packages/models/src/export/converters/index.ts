/**
 * The layer converters, one per tfjs-layers class, registered by class
 * name in alphabetical order.
 */
import { convertActivation, convertRelu } from './activation.js';
import type { Converter } from './common.js';
import { convert2d } from './conv.js';
import { convertDense } from './dense.js';
import { convertBatchNorm, convertLrn } from './normalization.js';
import { convertFlatten, convertPool, convertZeroPad } from './pool-shape.js';

export type { Converter, ExportState } from './common.js';

/** Converters by tfjs class name. */
export const CONVERTERS: Readonly<Record<string, Converter>> = {
  Activation: convertActivation,
  AveragePooling2D: convertPool('AveragePool'),
  BatchNormalization: convertBatchNorm,
  Conv2D: convert2d,
  Dense: convertDense,
  // Inference mode: dropout is the identity.
  Dropout: () => undefined,
  Flatten: convertFlatten,
  InputLayer: () => undefined,
  MaxPooling2D: convertPool('MaxPool'),
  ReLU: convertRelu,
  ZeroPadding2D: convertZeroPad,
  ZooGroupedConv2D: convert2d,
  ZooLocalResponseNormalization: convertLrn,
};

/** Layers that act elementwise: a pending flatten order passes them. */
export const ELEMENTWISE = new Set(['Activation', 'Dropout', 'ReLU']);

/** Layers a pending zero padding is folded into. */
export const PADDED = new Set(['Conv2D', 'ZooGroupedConv2D']);
