/**
 * AlexNet, one column: Krizhevsky, "One weird trick for parallelizing
 * convolutional neural networks", arXiv 1404.5997 (2014), as defined by
 * torchvision's models/alexnet.py (input 224x224x3; conv1 64 11x11/4 pad 2;
 * conv2 192 5x5 pad 2; conv3 384, conv4 256, conv5 256, all 3x3 pad 1;
 * 3x3/2 max pools after conv1, conv2, conv5; dropout before fc6 and fc7;
 * no LRN). 61,100,840 parameters. torchvision's AdaptiveAvgPool2d(6) is the
 * identity at 224 and is left out.
 *
 * Options: conv4 = 384 follows the paper's footnote (cuda-convnet2's
 * layers-imagenet-1gpu.cfg and torchvision use 256); lrn = true adds
 * LRN(5, 1e-4, 0.75, 1) after relu1 and relu2 as in the 2012 network.
 *
 * Small inputs (cifar10, fashion-mnist), derived as for alexnet-2col:
 * conv1 becomes 5x5 stride 1 'same', everything else is unchanged, the
 * hidden fc width defaults to 1024, 10 classes.
 */
import type { Sequential } from '@tensorflow/tfjs-layers';

import {
  conv,
  dense,
  dropout,
  flatten,
  input,
  lrn,
  maxPool,
  relu,
  sequentialModel,
  zeroPad,
} from './blocks.js';
import {
  checkOptionKeys,
  commonKeys,
  smallInputShape,
  type ArchitectureOptions,
  type OptionKey,
} from './options.js';
import { ZooInputError } from '../errors.js';

export const alexNetKeys: readonly OptionKey[] = [
  ...commonKeys,
  'lrn',
  'conv4',
];

export function alexNet(options: ArchitectureOptions = {}): Sequential {
  const name = 'alexnet';
  checkOptionKeys(name, options, alexNetKeys);
  const conv4 = options.conv4 ?? 256;
  if (conv4 !== 256 && conv4 !== 384) {
    throw new ZooInputError(`alexnet: conv4 must be 256 or 384; got ${conv4}`);
  }
  const preset = options.input ?? 'imagenet';
  const big = preset === 'imagenet';
  const init = options.initializer ?? 'glorotUniform';
  const width = options.fcWidth ?? (big ? 4096 : 1024);
  const rate = options.dropout ?? 0.5;
  const norm = (n: string) =>
    options.lrn === true ? [lrn(5, 1e-4, 0.75, 1, n)] : [];

  return sequentialModel(name, [
    input(big ? [224, 224, 3] : smallInputShape(preset)),
    big
      ? [zeroPad('pad1', 2), conv('conv1', 64, 11, 4, 'valid', init)]
      : conv('conv1', 64, 5, 1, 'same', init),
    relu('relu1'),
    norm('norm1'),
    maxPool('pool1', 3, 2),
    conv('conv2', 192, 5, 1, 'same', init),
    relu('relu2'),
    norm('norm2'),
    maxPool('pool2', 3, 2),
    conv('conv3', 384, 3, 1, 'same', init),
    relu('relu3'),
    conv('conv4', conv4, 3, 1, 'same', init),
    relu('relu4'),
    conv('conv5', 256, 3, 1, 'same', init),
    relu('relu5'),
    maxPool('pool5', 3, 2),
    flatten(),
    dropout('drop6', rate),
    dense('fc6', width, init),
    relu('relu6'),
    dropout('drop7', rate),
    dense('fc7', width, init),
    relu('relu7'),
    dense('fc8', options.classes ?? (big ? 1000 : 10), init),
  ]);
}
