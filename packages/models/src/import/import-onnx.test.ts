import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readModel } from '@zoo/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBestBackend } from '../backend/use-best-backend.js';
import { ZooNotImplementedError } from '../errors.js';
import { randomTensor } from '../../test/helpers.js';
import { TEST_DIR, python, tempDir } from '../../test/import/helpers.js';
import { importOnnx } from './import-onnx.js';
import { supportedOpsTable } from './op-table.js';

const temp = tempDir();

function refusal(f: () => unknown): ZooNotImplementedError {
  try {
    f();
  } catch (e) {
    if (e instanceof ZooNotImplementedError) return e;
    throw e;
  }
  throw new Error('refusal: expected a ZooNotImplementedError');
}

describe('importOnnx', () => {
  beforeAll(async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
    python(join(TEST_DIR, 'import_models.py'), temp.dir);
  });
  afterAll(() => temp.remove());

  it('refuses every unsupported op in one error', async () => {
    const model = await readModel(join(temp.dir, 'unsupported.onnx'));
    const e = refusal(() => importOnnx(model));
    expect(e.message).toBe(
      'importOnnx: every op must have a converter; 3 do not: ' +
        '(ai.onnx, Erf, opset 13) x1, (ai.onnx, HardSigmoid, opset 13) x2, ' +
        '(com.example, Foo, opset 1) x1',
    );
  });

  it('refuses restrictions with the sentences of the op table', async () => {
    const model = await readModel(join(temp.dir, 'restricted.onnx'));
    const lines = refusal(() => importOnnx(model)).message.split('\n');
    expect(lines).toHaveLength(2);
    const table = supportedOpsTable();
    expect(lines[0]).toMatch(/^importOnnx: LRN \(node 0\): Even sizes/);
    expect(lines[1]).toMatch(/^importOnnx: MaxPool \(node 1\): Dilations/);
    for (const line of lines) {
      const sentence = line.replace(/^importOnnx: [^:]+: /, '');
      expect(table).toContain(sentence);
    }
  });

  it('keys variables by initializer name, in ONNX layout', async () => {
    const model = await readModel(join(temp.dir, 'dense.onnx'));
    const imported = importOnnx(model);
    try {
      expect([...imported.weights.keys()]).toEqual(['fc.w', 'fc.b']);
      expect(imported.weights.get('fc.w')?.shape).toEqual([4, 3]);
      expect(imported.trainableWeights).toHaveLength(2);
      expect(imported.inputNames).toEqual(['x']);
      const x = randomTensor(2, 'x', [5, 3]);
      // loss = sum(x W^T + b): dW[o, i] = sum_n x[n, i], db[o] = 5.
      const { grads } = tf.variableGrads(
        () => tf.sum(imported.predict(x)) as tf.Scalar,
        imported.trainableWeights,
      );
      const columnSums = tf.sum(x, 0).dataSync();
      const gw = Object.entries(grads).find(([k]) => k.endsWith('/fc.w'));
      const gb = Object.entries(grads).find(([k]) => k.endsWith('/fc.b'));
      expect(Array.from(gb?.[1].dataSync() ?? [])).toEqual([5, 5, 5, 5]);
      const w = Array.from(gw?.[1].dataSync() ?? []);
      for (let o = 0; o < 4; o++) {
        for (let i = 0; i < 3; i++) {
          expect(w[o * 3 + i]).toBeCloseTo(columnSums[i] ?? NaN, 5);
        }
      }
      tf.dispose([x, ...Object.values(grads)]);
    } finally {
      imported.dispose();
    }
  });

  it('freezes every variable with trainable: false', async () => {
    const model = await readModel(join(temp.dir, 'dense.onnx'));
    const imported = importOnnx(model, { trainable: false });
    expect(imported.trainableWeights).toEqual([]);
    expect(imported.weights.size).toBe(2);
    imported.dispose();
  });

  it('leaves batch-norm statistics untrainable', async () => {
    const imported = importOnnx(await readModel(join(temp.dir, 'bn.onnx')));
    try {
      const trainable = imported.trainableWeights.map((v) => v.name);
      expect(trainable.map((n) => n.replace(/^onnx\d+\//, ''))).toEqual([
        'conv.w',
        'bn.scale',
        'bn.bias',
      ]);
      expect(imported.weights.get('bn.mean')?.trainable).toBe(false);
      expect(imported.weights.get('bn.var')?.trainable).toBe(false);
    } finally {
      imported.dispose();
    }
  });
});
