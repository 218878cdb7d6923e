import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';

import { noise, tempFolder } from '../data/test-helpers.js';
import { resolveRecipe } from '../recipe/validate.js';
import { train } from './train.js';

const [root, remove] = tempFolder('train-folder');
afterAll(remove);

/**
 * Two classes of 40x36 PNGs that a convnet tells apart at once: `dark`
 * pixels in [0, 64), `light` in [128, 192), each image its own noise.
 */
function writeImages(split: string, count: number, seed: number): void {
  for (const [c, base] of [
    ['dark', 0],
    ['light', 128],
  ] as const) {
    mkdirSync(join(root, split, c), { recursive: true });
    for (let i = 0; i < count; i++) {
      const png = new PNG({ width: 40, height: 36 });
      const n = noise(40 * 36 * 4, seed + i * 2 + base);
      png.data = Buffer.from(
        n.map((v, j) => (j % 4 === 3 ? 255 : base + (v >> 2))),
      );
      writeFileSync(join(root, split, c, `${i}.png`), PNG.sync.write(png));
    }
  }
}
writeImages('train', 16, 1);
writeImages('val', 6, 1000);

const recipe = resolveRecipe({
  model: {
    architecture: 'convnet',
    options: {
      conv: [4],
      kernelSize: 3,
      fc: [8],
      classes: 2,
      input: 'cifar10',
    },
  },
  init: { scheme: 'he-normal', seed: 3 },
  data: {
    kind: 'folder',
    folder: root,
    resize: 36,
    crop: 32,
    mean: [0.5],
    std: [0.25],
    decodeThreads: 1,
  },
  optimizer: { lr: 0.05, momentum: 0.9 },
  epochs: 3,
  batchSize: 8,
  seed: 5,
  logEvery: 4,
});

describe('train on an image folder', () => {
  it('learns two classes on two workers, the same way twice', async () => {
    const quiet = (): void => undefined;
    const a = await train(recipe, {
      onLog: quiet,
      workers: 2,
      keepWeights: true,
    });
    expect(a.steps).toBe(12);
    // 12 val images; chance is 50 %.
    expect(a.test?.top1).toBeGreaterThanOrEqual(10 / 12);
    // Crops and flips are keyed by (seed, epoch, image): runs repeat.
    const b = await train(recipe, {
      onLog: quiet,
      workers: 2,
      keepWeights: true,
    });
    expect(b.weights).toEqual(a.weights);
  });
});
