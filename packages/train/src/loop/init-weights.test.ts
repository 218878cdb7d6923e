import * as tf from '@tensorflow/tfjs-core';
import { computeFans, createInitializer } from '@zoo/init';
import { useBestBackend } from '@zoo/models';
import { beforeAll, describe, expect, it } from 'vitest';

import { resolveRecipe } from '../recipe/validate.js';
import { globMatch, initialiseWeights } from './init-weights.js';
import { convnet } from './model.js';
import { namedWeights } from './session.js';

describe('globMatch', () => {
  it('matches *, ? and [sets] on the whole name', () => {
    expect(globMatch('fc*', 'fc6/kernel')).toBe(true);
    expect(globMatch('conv[245]/bias', 'conv4/bias')).toBe(true);
    expect(globMatch('conv[245]/bias', 'conv3/bias')).toBe(false);
    expect(globMatch('fc?/bias', 'fc7/bias')).toBe(true);
    expect(globMatch('fc.', 'fc6')).toBe(false);
    expect(globMatch('fc', 'fc6')).toBe(false);
  });
});

describe('initialiseWeights', () => {
  beforeAll(async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
  });

  it('fills Conv2D kernels as HWIO and Dense kernels as IO', () => {
    const model = convnet({ conv: [4], kernelSize: 3, fc: [8] });
    const init = resolveRecipe({
      init: {
        scheme: 'he-normal',
        seed: 9,
        rules: [
          { name: 'fc2/*', scheme: 'lecun-uniform' },
          {
            name: 'fc1/bias',
            role: 'bias',
            scheme: 'constant',
            options: { value: 1 },
          },
        ],
      },
    }).init;
    const plan = initialiseWeights(model, init);
    expect(plan.map((p) => `${p.name} ${p.layout} ${p.scheme}`)).toEqual([
      'conv1/kernel HWIO he-normal',
      'conv1/bias bias zeros',
      'fc1/kernel IO he-normal',
      'fc1/bias bias constant',
      'fc2/kernel IO lecun-uniform',
      'fc2/bias bias zeros',
    ]);
    const w = namedWeights(model);
    const want = new Float32Array(3 * 3 * 1 * 4);
    createInitializer('he-normal').fill(
      { shape: [3, 3, 1, 4], layout: 'HWIO', key: 'conv1/kernel' },
      9,
      want,
    );
    expect(w.get('conv1/kernel')?.dataSync()).toEqual(want);
    expect(plan[0]?.targetStd).toBeCloseTo(Math.sqrt(2 / 9), 12);
    const fans = computeFans([784, 8], 'IO');
    expect(plan[2]?.targetStd).toBeCloseTo(Math.sqrt(2 / fans.fanIn), 12);
    expect([...(w.get('fc1/bias')?.dataSync() ?? [])]).toEqual(
      Array(8).fill(1),
    );
    model.dispose();
  });

  it('keeps no copy of the values it writes', () => {
    const model = convnet({ conv: [4], kernelSize: 3, fc: [8] });
    const before = tf.memory().numBytes;
    initialiseWeights(model, resolveRecipe({}).init);
    expect(tf.memory().numBytes).toBe(before);
    model.dispose();
  });
});
