/**
 * OverFeat, accurate model: Sermanet et al., arXiv 1312.6229 (2013),
 * table 3. Input 221x221x3; conv1 96 7x7/2, pool 3x3/3; conv2 256 7x7,
 * pool 2x2/2; conv3 512, conv4 512, conv5 1024, conv6 1024 (3x3 pad 1),
 * pool 3x3/3 to 5x5; fc7 25600 -> 4096, fc8 4096 -> 4096, fc9 4096 -> 1000;
 * dropout 0.5 after fc7 and fc8; no LRN. 144,656,488 parameters (the
 * paper: "about 144M"). ImageNet input only.
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

export const overFeatAccurateKeys: readonly OptionKey[] = commonKeys;

export function overFeatAccurate(
  options: ArchitectureOptions = {},
): Sequential {
  const name = 'overfeat-accurate';
  checkOptionKeys(name, options, overFeatAccurateKeys);
  const preset = options.input ?? 'imagenet';
  if (preset !== 'imagenet') refuseInput(name, preset);
  const init = options.initializer ?? 'glorotUniform';
  const rate = options.dropout ?? 0.5;
  const width = options.fcWidth ?? 4096;

  return sequentialModel(name, [
    input([221, 221, 3]),
    conv('conv1', 96, 7, 2, 'valid', init),
    relu('relu1'),
    maxPool('pool1', 3, 3),
    conv('conv2', 256, 7, 1, 'valid', init),
    relu('relu2'),
    maxPool('pool2', 2, 2),
    conv('conv3', 512, 3, 1, 'same', init),
    relu('relu3'),
    conv('conv4', 512, 3, 1, 'same', init),
    relu('relu4'),
    conv('conv5', 1024, 3, 1, 'same', init),
    relu('relu5'),
    conv('conv6', 1024, 3, 1, 'same', init),
    relu('relu6'),
    maxPool('pool6', 3, 3),
    flatten(),
    classifier(7, [width, width], options.classes ?? 1000, init, rate),
  ]);
}
