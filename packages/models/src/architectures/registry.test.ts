import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Sequential } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import { useWasmBackend } from '../backend/use-best-backend.js';
import {
  architectureNames,
  architectureSpec,
  buildArchitecture,
} from './registry.js';
import type { ArchitectureOptions } from './options.js';

/** Builds with zero weights (fast: no random numbers), counts, disposes. */
function inspect(name: string, options: ArchitectureOptions = {}) {
  const model: Sequential = buildArchitecture(name, {
    ...options,
    initializer: 'zeros',
  });
  const trainable = model.trainableWeights
    .map((w) => w.shape.reduce((a: number, b) => a * (b ?? 1), 1))
    .reduce((a, b) => a + b, 0);
  const result = {
    parameters: model.countParams(),
    trainable,
    output: model.outputs[0]?.shape,
    names: model.layers.map((l) => l.name),
  };
  model.dispose();
  return result;
}

const conv = (k: number, cin: number, cout: number): number =>
  k * k * cin * cout + cout;
const fc = (nin: number, nout: number): number => nin * nout + nout;

describe('architecture registry', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('lists every architecture', () => {
    expect(architectureNames()).toEqual([
      'alexnet',
      'alexnet-2col',
      'mlp',
      'overfeat-accurate',
      'overfeat-fast',
      'vgg-a',
      'vgg-b',
      'vgg-d',
      'vgg-e',
    ]);
  });

  // The published counts (zoo-architectures.md) and the ones that follow
  // from the OverFeat and VGG layer lists; biases included.
  it.each([
    ['alexnet-2col', 60_965_224],
    ['alexnet', 61_100_840],
    ['vgg-d', 138_357_544],
    ['vgg-a', 132_863_336],
    ['vgg-b', 133_047_848],
    ['vgg-e', 143_667_240],
    ['overfeat-fast', 145_920_872],
    ['overfeat-accurate', 144_656_488],
    ['mlp', fc(784, 256) + 3 * fc(256, 256) + fc(256, 10)],
  ])('%s has %d parameters, as its registry entry says', (name, count) => {
    const { parameters, output } = inspect(name);
    expect(parameters).toBe(count);
    expect(architectureSpec(name).parameters).toBe(count);
    expect(output?.[1]).toBe(name === 'mlp' ? 10 : 1000);
  });

  it('alexnet with the paper footnote conv4 = 384', () => {
    // conv4 384 -> 384 instead of 384 -> 256; conv5 384 -> 256 not 256 -> 256.
    const delta =
      conv(3, 384, 384) -
      conv(3, 384, 256) +
      conv(3, 384, 256) -
      conv(3, 256, 256);
    expect(inspect('alexnet', { conv4: 384 }).parameters).toBe(
      61_100_840 + delta,
    );
  });

  it('vgg-d with BatchNorm: torchvision vgg16_bn trainable count', () => {
    const { parameters, trainable } = inspect('vgg-d', { batchNorm: true });
    expect(trainable).toBe(138_365_992);
    // 4224 conv channels: moving mean and variance are not trainable.
    expect(parameters).toBe(138_365_992 + 2 * 4224);
  });

  it('names layers stably', () => {
    const { names } = inspect('alexnet-2col', { input: 'cifar10' });
    expect(names.filter((n) => /^(conv|fc)/.test(n))).toEqual([
      'conv1',
      'conv2',
      'conv3',
      'conv4',
      'conv5',
      'fc6',
      'fc7',
      'fc8',
    ]);
    const vggNames = inspect('vgg-a', { input: 'cifar10' }).names;
    expect(vggNames.filter((n) => n.startsWith('conv'))).toEqual([
      'conv1_1',
      'conv2_1',
      'conv3_1',
      'conv3_2',
      'conv4_1',
      'conv4_2',
      'conv5_1',
      'conv5_2',
    ]);
  });

  // Small-input derivations: conv1 5x5/1 same, fc width 1024 (AlexNet) or
  // 512 (VGG), 10 classes; the counts below follow from that.
  it.each([
    [
      'alexnet',
      'cifar10',
      conv(5, 3, 64) +
        conv(5, 64, 192) +
        conv(3, 192, 384) +
        conv(3, 384, 256) +
        conv(3, 256, 256) +
        fc(3 * 3 * 256, 1024) +
        fc(1024, 1024) +
        fc(1024, 10),
    ],
    [
      'alexnet',
      'fashion-mnist',
      conv(5, 1, 64) +
        conv(5, 64, 192) +
        conv(3, 192, 384) +
        conv(3, 384, 256) +
        conv(3, 256, 256) +
        fc(2 * 2 * 256, 1024) +
        fc(1024, 1024) +
        fc(1024, 10),
    ],
    [
      'alexnet-2col',
      'cifar10',
      conv(5, 3, 96) +
        conv(5, 48, 256) +
        conv(3, 256, 384) +
        conv(3, 192, 384) +
        conv(3, 192, 256) +
        fc(2304, 1024) +
        fc(1024, 1024) +
        fc(1024, 10),
    ],
    [
      'vgg-d',
      'cifar10',
      14_714_688 + fc(512, 512) + fc(512, 512) + fc(512, 10),
    ],
    [
      'vgg-d',
      'fashion-mnist',
      14_714_688 -
        conv(3, 3, 64) +
        conv(3, 1, 64) +
        fc(512, 512) +
        fc(512, 512) +
        fc(512, 10),
    ],
  ] as const)('%s for %s has the derived count', (name, input, count) => {
    const { parameters, output } = inspect(name, { input });
    expect(parameters).toBe(count);
    expect(output).toEqual([null, 10]);
  });

  it('refuses unknown names, unknown options and missing variants', () => {
    expect(() => buildArchitecture('resnet50')).toThrow(
      /buildArchitecture: name must be one of alexnet, .*; got resnet50/,
    );
    expect(() => buildArchitecture('vgg-d', { lrn: true })).toThrow(
      'vgg-d: option lrn must be one of input, classes, dropout, fcWidth, initializer, batchNorm; got lrn',
    );
    expect(() =>
      buildArchitecture('overfeat-fast', { input: 'cifar10' }),
    ).toThrow(
      'overfeat-fast: input must be imagenet (no small-input variant is defined); got cifar10',
    );
  });

  // Options come from JSON recipes: a wrong type must not pass for a
  // default or be coerced ("0.5" >= 0 holds in JavaScript).
  it.each([
    [
      { dropout: '0.5' },
      'alexnet: dropout must be a number in [0, 1); got "0.5"',
    ],
    [
      { dropout: [0.5] },
      'alexnet: dropout must be a number in [0, 1); got [0.5]',
    ],
    [{ dropout: '' }, 'alexnet: dropout must be a number in [0, 1); got ""'],
    [{ dropout: 1 }, 'alexnet: dropout must be a number in [0, 1); got 1'],
    [
      { dropout: null },
      'alexnet: dropout must be a value (leave it out for the default); got null',
    ],
    [
      { conv4: null },
      'alexnet: conv4 must be a value (leave it out for the default); got null',
    ],
    [{ lrn: 'yes' }, 'alexnet: lrn must be true or false; got "yes"'],
    [
      { classes: '10' },
      'alexnet: classes must be a positive integer; got "10"',
    ],
    [
      { initializer: 'heNormal' },
      'alexnet: initializer must be one of glorotUniform, zeros; got "heNormal"',
    ],
  ])('refuses alexnet options %j', (options, message) => {
    expect(() =>
      buildArchitecture('alexnet', options as unknown as ArchitectureOptions),
    ).toThrow(message);
  });
});

describe('small variants train on wasm', () => {
  it.each(['alexnet-2col', 'alexnet', 'vgg-a'])(
    '%s (cifar10): one gradient',
    async (name) => {
      expect(await useWasmBackend()).toBe(true);
      const model = buildArchitecture(name, {
        input: 'cifar10',
        lrn: name === 'alexnet' ? true : undefined,
      });
      const x = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 1);
      const y = tf.oneHot(tf.tensor1d([3, 7], 'int32'), 10);
      const { value, grads } = tf.variableGrads(
        () =>
          tf.losses.softmaxCrossEntropy(
            y,
            model.apply(x, { training: true }) as tf.Tensor,
          ) as tf.Scalar,
      );
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      const conv1 = Object.keys(grads).find((k) => k.includes('conv1'));
      expect(conv1).toBeDefined();
      expect(tf.norm(grads[conv1!]!).dataSync()[0]).toBeGreaterThan(0);
      tf.dispose([x, y, value, ...Object.values(grads)]);
      model.dispose();
    },
  );
});
