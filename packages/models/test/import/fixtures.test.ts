/**
 * The torchvision fixtures imported and run on the same seeded random
 * batch as onnxruntime-node: logits must agree within 1e-4 of the logit
 * scale (max |ort logit|). AlexNet's and VGG16's stored weights are
 * constants, so a temp copy is first re-initialised (He normal weights,
 * small uniform biases) with @zoo/onnx's writeModel. VGG16 runs only with
 * ZOO_IMPORT_VGG=1 (553 MB, about a minute).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { RandomStream, computeFans, fillNormal, fillUniform } from '@zoo/init';
import { listWeights, readModel, writeModel, type FillChunk } from '@zoo/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBestBackend } from '../../src/backend/use-best-backend.js';
import { importOnnx } from '../../src/import/import-onnx.js';
import { randomTensor } from '../helpers.js';
import { FIXTURES, runOrt, tempDir } from './helpers.js';

const temp = tempDir();

async function reinitialised(gz: string): Promise<string> {
  const raw = join(temp.dir, gz.replace(/\.gz$/, ''));
  await pipeline(
    createReadStream(join(FIXTURES, gz)),
    createGunzip(),
    createWriteStream(raw),
  );
  const model = await readModel(raw);
  const fills = new Map<string, FillChunk>();
  for (const w of listWeights(model)) {
    if (!w.isWeight || w.layout === undefined) continue;
    const stream = new RandomStream(11, w.name);
    if (w.layout === 'bias') {
      fills.set(w.name, (out, start) =>
        fillUniform(stream, out, -0.1, 0.1, start),
      );
      continue;
    }
    const std = Math.sqrt(2 / computeFans(w.shape, w.layout, w.group).fanIn);
    fills.set(w.name, (out, start) => fillNormal(stream, out, 0, std, start));
  }
  const out = join(temp.dir, `re-${gz.replace(/\.gz$/, '')}`);
  await writeModel(model, out, fills);
  return out;
}

async function compare(path: string, batch: number): Promise<number> {
  const model = await readModel(path);
  const imported = importOnnx(model);
  const x = randomTensor(5, 'image', [batch, 3, 224, 224]);
  try {
    const y = imported.predict(x);
    const ours = y.dataSync() as Float32Array;
    y.dispose();
    const ort = (await runOrt(path, { input: x })).logits;
    if (ort === undefined) throw new Error('compare: no `logits` output');
    expect([...ort.dims]).toEqual([batch, 1000]);
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < ort.data.length; i++) {
      diff = Math.max(diff, Math.abs((ours[i] ?? NaN) - (ort.data[i] ?? 0)));
      scale = Math.max(scale, Math.abs(ort.data[i] ?? 0));
    }
    console.log(
      `${path}: max |tfjs - ort| = ${diff.toExponential(3)}, ` +
        `logit scale ${scale.toFixed(4)}, ` +
        `ratio ${(diff / scale).toExponential(3)}`,
    );
    expect(scale).toBeGreaterThan(0);
    return diff / scale;
  } finally {
    x.dispose();
    imported.dispose();
  }
}

describe('imported torchvision fixtures match onnxruntime', () => {
  beforeAll(async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
  });
  afterAll(() => temp.remove());

  it('squeezenet1_1 (opset 11, real weights)', async () => {
    const path = join(FIXTURES, 'squeezenet1_1-torchvision-op11.onnx');
    expect(await compare(path, 2)).toBeLessThan(1e-4);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('alexnet (opset 13, re-initialised)', async () => {
    const path = await reinitialised('alexnet-torchvision-op13.onnx.gz');
    expect(await compare(path, 2)).toBeLessThan(1e-4);
  });

  it('alexnet (opset 9, initializers as inputs, re-initialised)', async () => {
    const gz = 'alexnet-torchvision-op9-initializers-as-inputs.onnx.gz';
    expect(await compare(await reinitialised(gz), 1)).toBeLessThan(1e-4);
  });

  it.runIf(process.env.ZOO_IMPORT_VGG === '1')(
    'vgg16 (opset 13, re-initialised)',
    async () => {
      const path = await reinitialised('vgg16-torchvision-op13.onnx.gz');
      expect(await compare(path, 1)).toBeLessThan(1e-4);
    },
  );
});
