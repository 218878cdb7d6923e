import { existsSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { exportOnnx, useBestBackend } from '@zoo/models';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

import { RecipeError } from '../recipe/errors.js';
import type { Recipe } from '../recipe/types.js';
import { resolveRecipe } from '../recipe/validate.js';
import type { LogRecord } from './log.js';
import { initialiseWeights } from './init-weights.js';
import { buildModel } from './model.js';
import { namedWeights } from './session.js';
import { train } from './train.js';
import { layersTrainable } from './trainable.js';

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
    // Decoding threads change no batch: a resume may use another number.
    const threads = tiny();
    threads.data.decodeThreads = 2;
    const resumed = await train(threads, {
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
    // Going back would write step 10's weights as step 5's.
    await expect(
      train(tiny({ maxSteps: 5, checkpointDir: dir }), {
        onLog: quiet,
        resume: first.checkpoint as string,
      }),
    ).rejects.toThrow(
      /^resume: the checkpoint's step must be at most the run's last step 5 \(raise maxSteps or epochs to train further\); got 10$/,
    );
    expect(existsSync(join(dir, 'step-00000005.zckpt'))).toBe(false);
  });

  it('draws dropout masks from the recipe seed: reruns and resumes repeat them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoo-train-'));
    const dropout = (extra: Record<string, unknown> = {}): Recipe =>
      tiny({
        model: {
          architecture: 'convnet',
          options: { conv: [8], kernelSize: 3, fc: [32], dropout: 0.5 },
        },
        maxSteps: 8,
        ...extra,
      });
    const options = { onLog: quiet, keepWeights: true };
    const a = await train(dropout(), options);
    const b = await train(dropout(), options);
    expect(b.weights).toEqual(a.weights);
    const first = await train(dropout({ maxSteps: 4, checkpointDir: dir }), {
      onLog: quiet,
    });
    const resumed = await train(dropout(), {
      ...options,
      resume: first.checkpoint as string,
    });
    expect(resumed.weights).toEqual(a.weights);
    // The masks did something.
    const none = await train(tiny({ maxSteps: 8 }), options);
    expect(none.weights?.['fc1/kernel']).not.toEqual(a.weights?.['fc1/kernel']);
  });

  it('gives each step and replica its own dropout mask', async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
    const recipe = tiny({
      model: {
        architecture: 'convnet',
        options: { conv: [2], kernelSize: 3, fc: [64], dropout: 0.5 },
      },
    });
    const model = layersTrainable(buildModel(recipe));
    // Random weights: the logits depend on which units a mask keeps, not
    // only on how many.
    for (const v of model.weights.values()) {
      v.assign(tf.randomNormal(v.shape, 0, 1, 'float32', 7));
    }
    const x = tf.ones([1, 28, 28, 1]) as tf.Tensor4D;
    const logits = (step: number, rank: number): number[] => {
      model.seedDropout(9, step, rank);
      return [...model.logits(x, true).dataSync()];
    };
    expect(logits(0, 0)).toEqual(logits(0, 0));
    expect(logits(1, 0)).not.toEqual(logits(0, 0));
    expect(logits(0, 1)).not.toEqual(logits(0, 0));
    model.dispose();
    x.dispose();
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

  it('matches one worker with two after 50 steps, and repeats exactly', async () => {
    const fifty = { maxSteps: 50, evalEvery: 25 };
    const one = await train(tiny(fifty), { onLog: quiet, keepWeights: true });
    const lines: string[] = [];
    const two = await train(tiny(fifty), {
      onLog: (line) => lines.push(line),
      keepWeights: true,
      workers: 2,
    });
    // Replica 0 alone logs: one config line, one data line naming 2 workers.
    expect(lines.filter((l) => l.startsWith('config ')).length).toBe(1);
    expect(lines.find((l) => l.startsWith('setup data'))).toMatch(
      /\| workers 2$/,
    );
    // Two workers average two half-batch gradients instead of taking one
    // mean: float32 rounding differences, compounded over 50 momentum
    // steps, stay below 2e-5 of each weight's scale (measured: 1.3e-6).
    for (const [name, w1] of Object.entries(one.weights ?? {})) {
      const w2 = (two.weights ?? {})[name] as Float32Array;
      let diff = 0;
      let scale = 0;
      w1.forEach((v, i) => {
        diff = Math.max(diff, Math.abs(v - (w2[i] as number)));
        scale = Math.max(scale, Math.abs(v));
      });
      expect(diff, name).toBeLessThanOrEqual(2e-5 * scale);
    }
    expect(two.test?.top1).toBeCloseTo(one.test?.top1 ?? NaN, 1);
    const again = await train(tiny(fifty), {
      onLog: quiet,
      keepWeights: true,
      workers: 2,
    });
    expect(again.weights).toEqual(two.weights);
    expect(again.trainLoss).toBe(two.trainLoss);
  });

  it('refuses a batch that the workers cannot split, and passes worker errors on', async () => {
    await expect(train(tiny(), { onLog: quiet, workers: 3 })).rejects.toThrow(
      'recipe: batchSize must be divisible by the number of workers (3); got 32',
    );
    const cores = availableParallelism();
    await expect(
      train(tiny({ batchSize: 4 * (cores + 1) }), {
        onLog: quiet,
        workers: cores + 1,
      }),
    ).rejects.toThrow(
      `train: workers must be at most the number of cores (${cores}); ` +
        `got ${cores + 1}`,
    );
    const full = (): void => {
      throw new Error('ENOSPC: no space left on device');
    };
    await expect(train(tiny(), { onLog: full, workers: 2 })).rejects.toThrow(
      'ENOSPC: no space left on device',
    );
    const missing = tiny();
    missing.data.trainImages = '/nonexistent/train.gz';
    await expect(train(missing, { onLog: quiet, workers: 2 })).rejects.toThrow(
      new RecipeError(
        'recipe: data.trainImages must exist; got /nonexistent/train.gz',
      ),
    );
  });

  it('writes the trained model as ONNX that onnxruntime runs like tfjs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoo-train-'));
    const path = join(dir, 'model.onnx');
    const r = await train(tiny({ maxSteps: 10 }), {
      onLog: quiet,
      keepWeights: true,
      onnx: path,
      workers: 2,
    });
    // The reference: a fresh tfjs convnet holding the returned weights.
    await useBestBackend();
    const model = buildModel(tiny());
    for (const [name, v] of namedWeights(model)) {
      v.assign(tf.tensor(r.weights?.[name] as Float32Array, v.shape));
    }
    const n = 4;
    const nchw = Float32Array.from({ length: n * 28 * 28 }, (_, i) =>
      Math.sin(i * 0.37),
    );
    const expected = tf.tidy(() => {
      const x = tf.transpose(tf.tensor(nchw, [n, 1, 28, 28]), [0, 2, 3, 1]);
      return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    });
    model.dispose();
    const session = await InferenceSession.create(path);
    const out = await session.run({
      input: new Tensor('float32', nchw, [n, 1, 28, 28]),
    });
    await session.release();
    const got = out['logits']?.data as Float32Array;
    expect(got.length).toBe(n * 10);
    let diff = 0;
    let scale = 0;
    got.forEach((v, i) => {
      diff = Math.max(diff, Math.abs(v - (expected[i] as number)));
      scale = Math.max(scale, Math.abs(expected[i] as number));
    });
    expect(scale).toBeGreaterThan(0.1);
    expect(diff).toBeLessThanOrEqual(1e-5 * scale);
  });

  it('trains an ONNX file like the zoo model it was exported from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoo-train-'));
    await useBestBackend();
    const start = join(dir, 'start.onnx');
    const model = buildModel(tiny());
    initialiseWeights(model, tiny().init);
    await exportOnnx(model, { path: start });
    model.dispose();

    const ten = { maxSteps: 10 };
    const zoo = join(dir, 'zoo.onnx');
    const lines: string[] = [];
    await train(tiny(ten), { onLog: quiet, onnx: zoo });
    const viaOnnx = tiny({
      ...ten,
      model: { architecture: 'convnet', onnx: start },
      init: { scheme: 'keep' },
    });
    const imported = join(dir, 'imported.onnx');
    await train(viaOnnx, { onLog: (l) => lines.push(l), onnx: imported });
    // The step-0 statistics name the ONNX layers and their gradients.
    expect(
      lines.filter((l) => /^layer \S+ \| act_std \S+ \| grad_std \d/.test(l))
        .length,
    ).toBe(3);

    // Both trained files, run by onnxruntime on one batch, agree.
    const n = 4;
    const nchw = Float32Array.from({ length: n * 28 * 28 }, (_, i) =>
      Math.cos(i * 0.11),
    );
    const logits = async (path: string): Promise<Float32Array> => {
      const session = await InferenceSession.create(path);
      const out = await session.run({
        [session.inputNames[0] as string]: new Tensor('float32', nchw, [
          n,
          1,
          28,
          28,
        ]),
      });
      await session.release();
      return out[session.outputNames[0] as string]?.data as Float32Array;
    };
    const a = await logits(zoo);
    const b = await logits(imported);
    const untrained = await logits(start);
    const diff = (u: Float32Array, v: Float32Array): number =>
      Math.max(...u.map((x, i) => Math.abs(x - (v[i] as number))));
    const scale = Math.max(...a.map(Math.abs));
    // Training moved the logits, both ways alike (float32 differences only).
    expect(diff(a, untrained)).toBeGreaterThan(0.05 * scale);
    expect(diff(a, b)).toBeLessThanOrEqual(1e-4 * scale);
  });

  it('refuses an ONNX file whose input does not take the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoo-train-'));
    await useBestBackend();
    const path = join(dir, 'cifar.onnx');
    const model = buildModel(
      tiny({
        model: { architecture: 'convnet', options: { input: 'cifar10' } },
      }),
    );
    await exportOnnx(model, { path });
    model.dispose();
    await expect(
      train(tiny({ model: { architecture: 'convnet', onnx: path } }), {
        onLog: quiet,
      }),
    ).rejects.toThrow(
      /^recipe: model.onnx input must be NCHW \[n, 1, 28, 28\] to take the data's 28x28x1 images; got \[\S+, 3, 32, 32\]/,
    );
    await expect(
      train(
        tiny({
          model: { architecture: 'convnet', onnx: join(dir, 'none.onnx') },
        }),
        { onLog: quiet },
      ),
    ).rejects.toThrow(
      `recipe: model.onnx must exist; got ${join(dir, 'none.onnx')}`,
    );
  });

  it('keeps BatchNorm statistics equal across workers, through a resume', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoo-train-'));
    const bn = (extra: Record<string, unknown> = {}): Recipe =>
      tiny({
        model: {
          architecture: 'convnet',
          options: { conv: [8], kernelSize: 3, fc: [32], batchNorm: true },
        },
        maxSteps: 12,
        ...extra,
      });
    const options = { onLog: quiet, workers: 2, keepWeights: true };
    const a = await train(bn(), options);
    await train(bn({ maxSteps: 6, checkpointDir: dir }), options);
    // Replica 1 resumes with replica 0's statistics: the same as its own
    // only if the replicas averaged them at every step.
    const resumed = await train(bn(), {
      ...options,
      resume: join(dir, 'step-00000006.zckpt'),
    });
    expect(resumed.weights).toEqual(a.weights);
    // Evaluation, split between replicas, uses the moving statistics.
    expect(resumed.test).toEqual(a.test);
  });

  it('resumes with another worker count, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoo-train-'));
    await train(tiny({ maxSteps: 10, checkpointDir: dir }), { onLog: quiet });
    const lines: string[] = [];
    await train(tiny(), {
      onLog: (line) => lines.push(line),
      workers: 2,
      resume: join(dir, 'step-00000010.zckpt'),
    });
    expect(lines.find((l) => l.startsWith('setup resume'))).toMatch(
      /\| changed maxSteps 10->20,checkpointDir,workers 1->2$/,
    );
  });
});
