/**
 * AlexNet as trained in 2012 on two GPUs: Krizhevsky, Sutskever, Hinton,
 * "ImageNet Classification with Deep Convolutional Neural Networks", NIPS
 * 2012. Follows Caffe's bvlc_alexnet deploy.prototxt (input 227x227x3;
 * the paper's 224 does not divide into its own layer sizes): conv2, conv4
 * and conv5 are grouped in two (one group per GPU column), LRN(5, 1e-4,
 * 0.75, k = 1) after the first two ReLUs, overlapping 3x3/2 max pooling.
 * 60,965,224 parameters. Caffe pools round up (ceil); for 227 the sizes
 * (55, 27, 13, 6) are the same either way.
 *
 * Small inputs (cifar10 32x32x3, fashion-mnist 28x28x1), derived: conv1
 * becomes 5x5 stride 1 'same' (11x11 stride 4 would leave 6x6 from 32 and
 * nothing after the pools); every other conv, LRN and pool is unchanged;
 * the hidden fc width defaults to 1024 (fc6 sees 3x3x256 = 2304 inputs from
 * 32, 2x2x256 = 1024 from 28); 10 classes.
 *
 * Flatten is NHWC (h, w, c order); Caffe's fc6 weights are (c, h, w).
 */
import type { Sequential } from '@tensorflow/tfjs-layers';

import {
  classifier,
  conv,
  flatten,
  input,
  lrn,
  maxPool,
  relu,
  sequentialModel,
} from './blocks.js';
import {
  checkOptionKeys,
  commonKeys,
  smallInputShape,
  type ArchitectureOptions,
  type OptionKey,
} from './options.js';

export const alexNetTwoColumnKeys: readonly OptionKey[] = commonKeys;

export function alexNetTwoColumn(
  options: ArchitectureOptions = {},
): Sequential {
  const name = 'alexnet-2col';
  checkOptionKeys(name, options, alexNetTwoColumnKeys);
  const preset = options.input ?? 'imagenet';
  const big = preset === 'imagenet';
  const init = options.initializer ?? 'glorotUniform';
  const width = options.fcWidth ?? (big ? 4096 : 1024);
  const rate = options.dropout ?? 0.5;

  return sequentialModel(name, [
    input(big ? [227, 227, 3] : smallInputShape(preset)),
    big
      ? conv('conv1', 96, 11, 4, 'valid', init)
      : conv('conv1', 96, 5, 1, 'same', init),
    relu('relu1'),
    lrn(5, 1e-4, 0.75, 1, 'norm1'),
    maxPool('pool1', 3, 2),
    conv('conv2', 256, 5, 1, 'same', init, 2),
    relu('relu2'),
    lrn(5, 1e-4, 0.75, 1, 'norm2'),
    maxPool('pool2', 3, 2),
    conv('conv3', 384, 3, 1, 'same', init),
    relu('relu3'),
    conv('conv4', 384, 3, 1, 'same', init, 2),
    relu('relu4'),
    conv('conv5', 256, 3, 1, 'same', init, 2),
    relu('relu5'),
    maxPool('pool5', 3, 2),
    flatten(),
    classifier(
      6,
      [width, width],
      options.classes ?? (big ? 1000 : 10),
      init,
      rate,
    ),
  ]);
}
