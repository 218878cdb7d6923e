import * as tf from '@tensorflow/tfjs-core';
import { layers, sequential } from '@tensorflow/tfjs-layers';
import { useBestBackend } from '@zoo/models';
import { beforeAll, describe, expect, it } from 'vitest';

import type { ImageSet } from '../data/dataset.js';
import { memorySource } from '../data/source.js';
import { resolveRecipe } from '../recipe/validate.js';
import { activationStds, evaluate, tensorStd } from './evaluate.js';
import { layersTrainable } from './trainable.js';

describe('evaluation', () => {
  beforeAll(async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
  });

  it('tensorStd is the population std', () => {
    expect(tensorStd(tf.tensor1d([1, 2, 3, 4]))).toBeCloseTo(
      Math.sqrt(1.25),
      6,
    );
  });

  it('activationStds leaves BatchNorm statistics as they were', () => {
    const model = sequential({
      layers: [
        layers.dense({ name: 'fc1', units: 3, inputShape: [2] }),
        layers.batchNormalization({ name: 'bn1' }),
      ],
    });
    const before = model.nonTrainableWeights.map((w) => w.read().arraySync());
    const stds = activationStds(
      model,
      tf.tensor2d([
        [1, 2],
        [3, -4],
        [0, 5],
      ]),
    );
    expect([...stds.keys()]).toEqual(['fc1', 'bn1']);
    expect(model.nonTrainableWeights.map((w) => w.read().arraySync())).toEqual(
      before,
    );
    model.dispose();
  });

  it('evaluate gives loss, top-1 and top-5 over every image', async () => {
    // A 1x1x1 image whose logits are (x, -x): label 0 wins when x > 0.
    const model = sequential({
      layers: [
        layers.flatten({ inputShape: [1, 1, 1] }),
        layers.dense({ units: 2, kernelInitializer: 'zeros', useBias: false }),
      ],
    });
    model.layers[1]?.setWeights([tf.tensor2d([[1, -1]])]);
    const set: ImageSet = {
      pixels: Uint8Array.from([255, 0, 255]),
      labels: Uint8Array.from([0, 0, 1]),
      count: 3,
      height: 1,
      width: 1,
      channels: 1,
      classes: 2,
    };
    const recipe = resolveRecipe({ data: { mean: [0.5], std: [0.5] } });
    const e = await evaluate(
      layersTrainable(model),
      memorySource(set, recipe.data),
      2,
    );
    // x = +1, -1, +1: correct, wrong, wrong; each loss log(1 + e^(-2 z)).
    const l = (z: number): number => Math.log(1 + Math.exp(-2 * z));
    expect(e.top1).toBeCloseTo(1 / 3, 12);
    expect(e.top5).toBe(1);
    expect(e.loss).toBeCloseTo((l(1) + 2 * l(-1)) / 3, 5);
    model.dispose();
  });
});
