import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { layers, models, sequential } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInitializer } from '../schemes/index.js';
import type { Layout } from '../types.js';
import {
  ZooInitializer,
  tfjsClassName,
  tfjsInitializer,
  tfjsInitializers,
} from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** What the pure-TS initializer gives for (seed, key, shape, layout). */
function pure(
  scheme: string,
  options: Record<string, number | string | boolean>,
  seed: number,
  key: string,
  shape: number[],
  layout: Layout,
): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  createInitializer(scheme, options).fill({ shape, layout, key }, seed, out);
  return out;
}

describe('tfjs adapters in a tf.sequential model', () => {
  it('give each kernel the values of the pure-TS initializer', () => {
    const seed = 2014;
    const model = sequential({
      layers: [
        layers.conv2d({
          inputShape: [8, 8, 3],
          filters: 4,
          kernelSize: 3,
          kernelInitializer: tfjsInitializer('he-normal', {
            seed,
            key: 'conv1/kernel',
            layout: 'HWIO',
            options: { mode: 'fan_out' },
          }),
        }),
        layers.depthwiseConv2d({
          kernelSize: 3,
          depthMultiplier: 2,
          depthwiseInitializer: tfjsInitializer('lecun-uniform', {
            seed,
            key: 'dw1/kernel',
            layout: 'HWCM',
          }),
        }),
        layers.flatten(),
        layers.dense({
          units: 5,
          kernelInitializer: tfjsInitializer('glorot_uniform', {
            seed,
            key: 'fc/kernel',
            layout: 'IO',
          }),
          biasInitializer: tfjsInitializer('constant', {
            seed,
            key: 'fc/bias',
            layout: 'IO',
            options: { value: 0.1 },
          }),
        }),
      ],
    });
    const [conv, dw, , fc] = model.layers;
    const conv1 = conv!.getWeights()[0]!;
    expect(conv1.shape).toEqual([3, 3, 3, 4]);
    expect(conv1.dataSync()).toEqual(
      pure(
        'he-normal',
        { mode: 'fan_out' },
        seed,
        'conv1/kernel',
        [3, 3, 3, 4],
        'HWIO',
      ),
    );
    const dw1 = dw!.getWeights()[0]!;
    expect(dw1.shape).toEqual([3, 3, 4, 2]);
    expect(dw1.dataSync()).toEqual(
      pure('lecun-uniform', {}, seed, 'dw1/kernel', [3, 3, 4, 2], 'HWCM'),
    );
    const [kernel, bias] = fc!.getWeights();
    expect(kernel!.shape).toEqual([128, 5]);
    expect(kernel!.dataSync()).toEqual(
      pure('glorot-uniform', {}, seed, 'fc/kernel', [128, 5], 'IO'),
    );
    expect([...bias!.dataSync()]).toEqual(new Array(5).fill(Math.fround(0.1)));
  });

  it('survives toJSON / modelFromJSON with the same kernels', async () => {
    const model = sequential({
      layers: [
        layers.dense({
          inputShape: [5, 6],
          units: 4,
          kernelInitializer: tfjsInitializer('truncated-normal', {
            seed: 9,
            key: 'Block_1/fc%/kernel',
            layout: 'IO',
            options: { std: 0.02 },
          }),
        }),
        layers.conv1d({
          filters: 2,
          kernelSize: 3,
          kernelInitializer: tfjsInitializer('he-normal', {
            seed: 9,
            key: 'conv_É',
            layout: 'HWIO',
            options: { mode: 'fan_out' },
          }),
        }),
      ],
    });
    const topology = model.toJSON(null, false) as unknown as {
      config: { layers: { config: { kernel_initializer: unknown } }[] };
    };
    expect(topology.config.layers[0]!.config.kernel_initializer).toEqual({
      class_name: 'ZooTruncatedNormal',
      config: {
        seed: 9,
        key: '%42lock%5f1/fc%25/kernel',
        layout: 'io',
        options: { std: 0.02 },
      },
    });
    const copy = await models.modelFromJSON({
      modelTopology: topology as unknown as tf.io.ModelJSON['modelTopology'],
    });
    for (const i of [0, 1]) {
      expect(copy.layers[i]!.getWeights()[0]!.dataSync()).toEqual(
        model.layers[i]!.getWeights()[0]!.dataSync(),
      );
    }
    const conv = copy.layers[1]!.getConfig()['kernelInitializer'] as {
      config: Record<string, unknown>;
    };
    // tfjs turned fan_out into fanOut; the adapter restores the spelling.
    expect(conv.config['options']).toEqual({ mode: 'fan_out' });
    expect(conv.config['layout']).toBe('HWIO');
  });

  it('round-trips getConfig / fromConfig, and through the registry', () => {
    const init = tfjsInitializer('he-uniform', {
      seed: 3,
      key: 'conv/kernel',
      layout: 'OIHW',
      group: 2,
      options: { negativeSlope: 0 },
    });
    const config = init.getConfig();
    expect(config).toEqual({
      seed: 3,
      key: 'conv/kernel',
      layout: 'OIHW',
      group: 2,
      options: { negativeSlope: 0 },
    });
    const cls = tfjsInitializers['he-uniform']!;
    expect(cls.className).toBe('ZooHeUniform');
    const registered =
      tf.serialization.SerializationMap.getMap().classNameMap['ZooHeUniform'];
    expect(registered?.[0]).toBe(cls);
    const copy = registered![1](registered![0], config) as ZooInitializer;
    expect(copy.getConfig()).toEqual(config);
    const a = init.apply([8, 2, 3, 3]).dataSync();
    const b = copy.apply([8, 2, 3, 3]).dataSync();
    expect(b).toEqual(a);
  });

  it('fills a bias with a fan-based scheme (layout bias, fans)', async () => {
    // Dense 6 -> 4: the bias's layer has fanIn 6, fanOut 4.
    const fans = { fanIn: 6, fanOut: 4, receptiveField: 1 };
    const model = sequential({
      layers: [
        layers.dense({
          inputShape: [6],
          units: 4,
          biasInitializer: tfjsInitializer('he-uniform', {
            seed: 5,
            key: 'fc/bias',
            layout: 'bias',
            fans,
          }),
        }),
      ],
    });
    const want = new Float32Array(4);
    createInitializer('he-uniform').fill(
      { shape: [4], layout: 'bias', key: 'fc/bias', fans },
      5,
      want,
    );
    const bias = model.layers[0]!.getWeights()[1]!;
    expect(bias.dataSync()).toEqual(want);
    expect(want.every((v) => Math.abs(v) <= 1 && v !== 0)).toBe(true);
    const topology = model.toJSON(null, false) as unknown as {
      config: { layers: { config: Record<string, unknown> }[] };
    };
    const copy = await models.modelFromJSON({
      modelTopology: topology as unknown as tf.io.ModelJSON['modelTopology'],
    });
    expect(copy.layers[0]!.getWeights()[1]!.dataSync()).toEqual(want);
  });

  it('refuses a bias it cannot fill, at construction', () => {
    expect(() =>
      tfjsInitializer('he-normal', { seed: 1, key: 'b', layout: 'bias' }),
    ).toThrow(
      'tfjs he-normal: the scheme cannot initialise a bias as configured; ' +
        'give fans (those of its layer) with layout bias, or use a scheme ' +
        'that needs none; got he-normal: spec.fans must be given',
    );
    const fans = { fanIn: 6, fanOut: 4, receptiveField: 1 };
    expect(() =>
      tfjsInitializer('sparse', { seed: 1, key: 'b', layout: 'bias', fans }),
    ).toThrow(/use another scheme; got sparse: .*sparse refuses biases/);
    expect(() =>
      tfjsInitializer('he-normal', {
        seed: 1,
        key: 'b',
        layout: 'bias',
        fans: { ...fans, fanIn: -6 },
      }),
    ).toThrow('tfjs he-normal: fans.fanIn must be an integer >= 0; got -6');
    // A scheme without fans fills a bias as it is.
    const zeros = tfjsInitializer('zeros', {
      seed: 1,
      key: 'b',
      layout: 'bias',
    });
    expect([...zeros.apply([3]).dataSync()]).toEqual([0, 0, 0]);
  });

  it('leaves tfjs built-in initializer classes untouched', () => {
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    for (const name of ['Zeros', 'Ones', 'GlorotUniform', 'HeNormal']) {
      expect(map[name]?.[0]).not.toBeInstanceOf(ZooInitializer);
      expect(Object.values(tfjsInitializers)).not.toContain(map[name]?.[0]);
    }
  });

  it('registers one class per scheme and names bad configs', () => {
    expect(tfjsClassName('variance-scaling')).toBe('ZooVarianceScaling');
    for (const [name, cls] of Object.entries(tfjsInitializers)) {
      expect(cls.className).toBe(tfjsClassName(name));
    }
    expect(() =>
      tfjsInitializer('he-normal', { seed: -1, key: 'k', layout: 'IO' }),
    ).toThrow('tfjs he-normal: seed must be a safe integer >= 0; got -1');
    expect(() =>
      tfjsInitializer('he-normal', {
        seed: 1,
        key: 'k',
        layout: 'NCHW' as Layout,
      }),
    ).toThrow(
      /layout must be one of HWCM, HWIO, IO, IOHW, OI, OIHW, bias; got NCHW/,
    );
  });
});
