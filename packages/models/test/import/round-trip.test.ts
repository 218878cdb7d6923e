/**
 * ONNX -> tfjs -> ONNX: importOnnx, change the variables, saveOnnx,
 * importOnnx again. Every weight must come back bit for bit, and a model
 * saved unchanged must be the input file byte for byte.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readModel, type OnnxModel } from '@zoo/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../src/architectures/registry.js';
import { useBestBackend } from '../../src/backend/use-best-backend.js';
import { exportOnnx } from '../../src/export/export-onnx.js';
import { importOnnx } from '../../src/import/import-onnx.js';
import type { OnnxTfModel } from '../../src/import/onnx-tf-model.js';
import { saveOnnx } from '../../src/import/save-onnx.js';
import { seedWeights } from '../export/reference.js';
import { randomTensor, randomValues } from '../helpers.js';
import { FIXTURES, relativeError, runOrt, tempDir } from './helpers.js';

const temp = tempDir();
const SQUEEZENET = join(FIXTURES, 'squeezenet1_1-torchvision-op11.onnx');

/** A weight's float32 values as bytes, so that -0 and NaN bits count. */
function bytesOf(v: tf.Tensor): Buffer {
  const values = Float32Array.from(v.dataSync() as Float32Array);
  return Buffer.from(values.buffer);
}

/** The names of `b`'s weights whose bits differ from `a`'s. */
function differing(a: OnnxTfModel, b: OnnxTfModel): string[] {
  expect([...b.weights.keys()]).toEqual([...a.weights.keys()]);
  return [...a.weights].flatMap(([name, v]) => {
    const w = b.weights.get(name);
    return w && bytesOf(v).equals(bytesOf(w)) ? [] : [name];
  });
}

async function reimport(path: string): Promise<OnnxTfModel> {
  return importOnnx(await readModel(path));
}

describe('saveOnnx round trips', () => {
  let source: OnnxModel;

  beforeAll(async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
    source = await readModel(SQUEEZENET);
  });
  afterAll(() => temp.remove());

  it('squeezenet saved unchanged is the input, byte for byte', async () => {
    const net = importOnnx(source);
    const out = join(temp.dir, 'squeezenet-same.onnx');
    const result = await saveOnnx(net, source, out);
    expect(result.replaced).toEqual([]);
    expect(result.unchanged).toHaveLength(net.weights.size);
    expect(readFileSync(out).equals(readFileSync(SQUEEZENET))).toBe(true);

    const back = await reimport(out);
    expect(differing(net, back)).toEqual([]);
    net.dispose();
    back.dispose();
  });

  it('squeezenet with new values: re-imported bit for bit', async () => {
    const net = importOnnx(source);
    // 34 float initializers (26 convolutions, 8 of them with a bias).
    expect(net.weights.size).toBe(34);
    tf.tidy(() => {
      for (const [name, v] of net.weights) {
        v.assign(tf.tensor(randomValues(7, name, v.size), v.shape));
      }
    });
    const out = join(temp.dir, 'squeezenet-random.onnx');
    const result = await saveOnnx(net, source, out);
    expect(result.replaced).toHaveLength(34);
    const back = await reimport(out);
    expect(differing(net, back)).toEqual([]);

    // Putting the original values back through the writer gives the
    // original file: writing is lossless, not only skipping.
    const original = importOnnx(source);
    const changed = await readModel(out);
    tf.tidy(() => {
      for (const [name, v] of back.weights) {
        v.assign(original.weights.get(name)!);
      }
    });
    const restored = join(temp.dir, 'squeezenet-restored.onnx');
    const again = await saveOnnx(back, changed, restored);
    expect(again.replaced).toHaveLength(34);
    expect(readFileSync(restored).equals(readFileSync(SQUEEZENET))).toBe(true);
    for (const m of [net, back, original]) m.dispose();
  });

  it('squeezenet with external data: values written to the data file', async () => {
    const model = await readModel(
      join(FIXTURES, 'squeezenet1_1-external', 'model.onnx'),
    );
    expect(model.tensors.some((t) => t.storage === 'external')).toBe(true);
    const net = importOnnx(model);
    tf.tidy(() => {
      for (const [name, v] of net.weights) {
        v.assign(tf.tensor(randomValues(9, name, v.size), v.shape));
      }
    });
    const out = join(temp.dir, 'external', 'model.onnx');
    mkdirSync(dirname(out));
    const result = await saveOnnx(net, model, out);
    expect(result.dataFiles).toEqual([
      join(temp.dir, 'external', 'weights.bin'),
    ]);
    const back = await reimport(out);
    expect(differing(net, back)).toEqual([]);
    net.dispose();
    back.dispose();
  });

  it('an exported 32x32 alexnet after one SGD step: bit for bit', async () => {
    const layers = buildArchitecture('alexnet', {
      input: 'cifar10',
      initializer: 'zeros',
    });
    seedWeights(layers, 3);
    const exported = join(temp.dir, 'alexnet32.onnx');
    await exportOnnx(layers, { path: exported });
    layers.dispose();

    const model = await readModel(exported);
    const net = importOnnx(model);
    const x = randomTensor(5, 'image', [2, 3, 32, 32]);
    const before = importOnnx(model);
    tf.tidy(() => {
      const loss = () => tf.mean(tf.square(net.predict(x))) as tf.Scalar;
      const { grads } = tf.variableGrads(loss, net.trainableWeights);
      for (const v of net.trainableWeights) {
        v.assign(tf.sub(v, tf.mul(0.1, grads[v.name]!)));
      }
    });
    // The step changed every weight tensor (biases and fc8 included).
    expect(differing(before, net).sort()).toEqual(
      [...net.weights.keys()].sort(),
    );

    const out = join(temp.dir, 'alexnet32-step.onnx');
    const result = await saveOnnx(net, model, out);
    expect(result.replaced).toHaveLength(net.weights.size);
    const back = await reimport(out);
    expect(differing(net, back)).toEqual([]);

    // onnxruntime runs the saved file as the trained net.
    const y = net.predict(x);
    const ort = (await runOrt(out, { input: x })).logits;
    expect(relativeError(y.dataSync(), ort?.data ?? [])).toBeLessThan(1e-5);
    tf.dispose([x, y]);
    for (const m of [net, before, back]) m.dispose();
  });
});
