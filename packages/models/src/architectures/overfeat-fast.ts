/**
 * OverFeat, fast model: Sermanet, Eigen, Zhang, Mathieu, Fergus, LeCun,
 * "OverFeat: Integrated Recognition, Localization and Detection using
 * Convolutional Networks", arXiv 1312.6229 (2013), table 1. Input
 * 231x231x3; conv1 96 11x11/4, pool 2x2/2; conv2 256 5x5, pool 2x2/2;
 * conv3 512, conv4 1024, conv5 1024 (3x3 pad 1), pool 2x2/2 to 6x6;
 * fc6 36864 -> 3072, fc7 3072 -> 4096, fc8 4096 -> 1000; dropout 0.5 after
 * fc6 and fc7; no LRN. 145,920,872 parameters (the paper: "about 145M").
 * ImageNet input only.
 */
import type { Sequential } from '@tensorflow/tfjs-layers';

import {
  classifier,
  conv,
  flatten,
  input,
  maxPool,
  relu,
  sequentialModel,
} from './blocks.js';
import {
  checkOptionKeys,
  commonKeys,
  refuseInput,
  type ArchitectureOptions,
  type OptionKey,
} from './options.js';

export const overFeatFastKeys: readonly OptionKey[] = commonKeys;

export function overFeatFast(options: ArchitectureOptions = {}): Sequential {
  const name = 'overfeat-fast';
  checkOptionKeys(name, options, overFeatFastKeys);
  const preset = options.input ?? 'imagenet';
  if (preset !== 'imagenet') refuseInput(name, preset);
  const init = options.initializer ?? 'glorotUniform';
  const rate = options.dropout ?? 0.5;

  return sequentialModel(name, [
    input([231, 231, 3]),
    conv('conv1', 96, 11, 4, 'valid', init),
    relu('relu1'),
    maxPool('pool1', 2, 2),
    conv('conv2', 256, 5, 1, 'valid', init),
    relu('relu2'),
    maxPool('pool2', 2, 2),
    conv('conv3', 512, 3, 1, 'same', init),
    relu('relu3'),
    conv('conv4', 1024, 3, 1, 'same', init),
    relu('relu4'),
    conv('conv5', 1024, 3, 1, 'same', init),
    relu('relu5'),
    maxPool('pool5', 2, 2),
    flatten(),
    classifier(
      6,
      [options.fcWidth ?? 3072, 4096],
      options.classes ?? 1000,
      init,
      rate,
    ),
  ]);
}
