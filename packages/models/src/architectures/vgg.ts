/**
 * VGG: Simonyan and Zisserman, "Very Deep Convolutional Networks for
 * Large-Scale Image Recognition", arXiv 1409.1556 (2014), table 1,
 * configurations A (VGG11), B (VGG13), D (VGG16) and E (VGG19), as
 * torchvision's models/vgg.py builds them: 3x3 convs pad 1 + ReLU, 2x2/2 max
 * pool after each block, fc6 25088 -> 4096, fc7 4096 -> 4096, fc8 -> 1000,
 * dropout 0.5 after relu6 and relu7. Input 224x224x3. Parameters: A
 * 132,863,336; B 133,047,848; D 138,357,544; E 143,667,240. With batchNorm
 * (torchvision's vgg*_bn; not in the paper) a BatchNorm follows every conv,
 * adding 2 trainable and 2 non-trainable numbers per channel. Layer names
 * follow Caffe's VGG release: conv{block}_{index}, fc6..fc8.
 *
 * Small inputs, derived: for cifar10 the convolutions are unchanged and the
 * five pools leave 1x1x512, so fc6 sees 512 inputs; the hidden fc width
 * defaults to 512 and there are 10 classes. For fashion-mnist a 2-pixel
 * zero padding ('pad0') first makes 28x28 into 32x32, since five halvings
 * of 28 end at zero; the rest is the cifar10 network with one input channel.
 */
import type { Sequential } from '@tensorflow/tfjs-layers';

import {
  batchNorm,
  classifier,
  conv,
  flatten,
  input,
  maxPool,
  relu,
  sequentialModel,
  zeroPad,
  type ZooLayer,
} from './blocks.js';
import {
  checkOptionKeys,
  commonKeys,
  smallInputShape,
  type ArchitectureOptions,
  type OptionKey,
} from './options.js';

export type VggConfiguration = 'A' | 'B' | 'D' | 'E';

/** Convolutions per block, five blocks of 64, 128, 256, 512, 512 filters. */
export const vggBlocks: Record<VggConfiguration, readonly number[]> = {
  A: [1, 1, 2, 2, 2],
  B: [2, 2, 2, 2, 2],
  D: [2, 2, 3, 3, 3],
  E: [2, 2, 4, 4, 4],
};

const blockFilters = [64, 128, 256, 512, 512] as const;

export const vggKeys: readonly OptionKey[] = [...commonKeys, 'batchNorm'];

export function vgg(
  configuration: VggConfiguration,
  options: ArchitectureOptions = {},
): Sequential {
  const name = `vgg-${configuration.toLowerCase()}`;
  checkOptionKeys(name, options, vggKeys);
  const preset = options.input ?? 'imagenet';
  const big = preset === 'imagenet';
  const init = options.initializer ?? 'glorotUniform';
  const width = options.fcWidth ?? (big ? 4096 : 512);
  const rate = options.dropout ?? 0.5;
  const parts: (ZooLayer | ZooLayer[])[] = [
    input(big ? [224, 224, 3] : smallInputShape(preset)),
  ];
  if (preset === 'fashion-mnist') parts.push(zeroPad('pad0', 2));

  vggBlocks[configuration].forEach((count, b) => {
    for (let i = 1; i <= count; i++) {
      const id = `${b + 1}_${i}`;
      parts.push(conv(`conv${id}`, blockFilters[b] ?? 0, 3, 1, 'same', init));
      if (options.batchNorm === true) parts.push(batchNorm(`bn${id}`));
      parts.push(relu(`relu${id}`));
    }
    parts.push(maxPool(`pool${b + 1}`, 2, 2));
  });
  parts.push(
    flatten(),
    classifier(
      6,
      [width, width],
      options.classes ?? (big ? 1000 : 10),
      init,
      rate,
    ),
  );
  return sequentialModel(name, parts);
}
