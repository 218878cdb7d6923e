import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { RecipeError } from '../recipe/errors.js';
import type { Recipe } from '../recipe/types.js';
import { resolveRecipe } from '../recipe/validate.js';
import type { LogRecord } from './log.js';
import { train } from './train.js';

const F = '/usr/share/datasets/fashion-mnist';

/** A tiny convnet on the first 512 Fashion-MNIST images. */
function tiny(extra: Record<string, unknown> = {}): Recipe {
  return resolveRecipe({
    model: {
      architecture: 'convnet',
      options: { conv: [8], kernelSize: 3, fc: [32] },
    },
    init: { scheme: 'he-normal', seed: 1 },
    data: {
      trainImages: `${F}/train-images-idx3-ubyte.gz`,
      trainLabels: `${F}/train-labels-idx1-ubyte.gz`,
      testImages: `${F}/t10k-images-idx3-ubyte.gz`,
      testLabels: `${F}/t10k-labels-idx1-ubyte.gz`,
      trainLimit: 512,
      testLimit: 200,
      mean: [0.286],
      std: [0.353],
    },
    optimizer: { lr: 0.05, momentum: 0.9, weightDecay: 5e-4 },
    epochs: 2,
    batchSize: 32,
    seed: 4,
    maxSteps: 20,
    logEvery: 5,
    ...extra,
  });
}

const quiet = (): void => undefined;

describe.skipIf(!existsSync(F))('train', () => {
  it('lowers the loss in 20 steps and logs fixed-format lines', async () => {
    const steps: LogRecord[] = [];
    const lines: string[] = [];
    const r = await train(tiny(), {
      onLog: (line, rec) => {
        lines.push(line);
        if (rec.kind === 'step') steps.push(rec);
      },
    });
    const losses = steps.map((s) => (s.kind === 'step' ? s.loss : NaN));
    expect(losses.length).toBe(4);
    expect(losses[3]).toBeLessThan(losses[0]! * 0.8);
    // Chance is 10 %.
    expect(r.test?.top1).toBeGreaterThan(0.2);
    expect(lines[0]).toMatch(/^config \{/);
    expect(
      lines.some((l) => /^layer conv1 \| act_std \S+ \| grad_std \S+$/.test(l)),
    ).toBe(true);
    expect(lines.find((l) => l.startsWith('step 5/20'))).toMatch(
      /^step 5\/20 \| epoch 0 \| loss \d+\.\d{4} \| lr 5\.000e-2 \| [\d.]+ img\/s \| eta \d+:\d\d:\d\d$/,
    );
  });

  it('is bit-identical for the same seeds, and resumes exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoo-train-'));
    const a = await train(tiny(), { onLog: quiet, keepWeights: true });
    const b = await train(tiny(), { onLog: quiet, keepWeights: true });
    expect(b.weights).toEqual(a.weights);

    // 20 = 16 steps per epoch + 4: the resume crosses an epoch boundary.
    const first = await train(tiny({ maxSteps: 10, checkpointDir: dir }), {
      onLog: quiet,
    });
    expect(first.checkpoint).toBe(join(dir, 'step-00000010.zckpt'));
    const resumed = await train(tiny(), {
      onLog: quiet,
      keepWeights: true,
      resume: first.checkpoint as string,
    });
    expect(resumed.weights).toEqual(a.weights);
    expect(resumed.trainLoss).toBe(a.trainLoss);
    await expect(
      train(tiny({ batchSize: 16 }), {
        onLog: quiet,
        resume: first.checkpoint as string,
      }),
    ).rejects.toThrow(
      /^resume: recipe batchSize must equal the checkpoint's 32; got 16$/,
    );
  });

  it('resumes a plateau schedule exactly from a mid-run checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoo-train-'));
    const extra = {
      schedule: { kind: 'plateau', patience: 1, gamma: 0.5 },
      evalEvery: 2,
      checkpointEvery: 10,
      checkpointDir: dir,
    };
    const lrs: number[] = [];
    const a = await train(tiny(extra), {
      onLog: (_, rec) => {
        if (rec.kind === 'step') lrs.push(rec.lr);
      },
      keepWeights: true,
    });
    // The schedule did decay, so the plateau state matters.
    expect(Math.min(...lrs)).toBeLessThan(0.05);
    const resumed = await train(tiny(extra), {
      onLog: quiet,
      keepWeights: true,
      resume: join(dir, 'step-00000010.zckpt'),
    });
    expect(resumed.weights).toEqual(a.weights);
  });

  it('stops before training on bad data', async () => {
    await expect(
      train(tiny({ batchSize: 1024 }), { onLog: quiet }),
    ).rejects.toThrow(
      'recipe: batchSize must be at most the training set size (512); got 1024',
    );
    const missing = tiny();
    missing.data.trainImages = '/nonexistent/train.gz';
    await expect(train(missing, { onLog: quiet })).rejects.toThrow(
      'recipe: data.trainImages must exist; got /nonexistent/train.gz',
    );
    const nchw = tiny();
    nchw.data.layout = 'NCHW';
    await expect(train(nchw, { onLog: quiet })).rejects.toThrow(
      /^recipe: data.layout must be NHWC/,
    );
    const folder = resolveRecipe({
      data: { kind: 'folder', folder: '/nonexistent/imagenet' },
    });
    await expect(train(folder, { onLog: quiet })).rejects.toThrow(RecipeError);
  });
});
