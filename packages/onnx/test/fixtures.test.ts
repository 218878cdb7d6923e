import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FillChunk,
  type OnnxModel,
  listWeights,
  readModel,
  readTensor,
  writeModel,
} from '../src/index.js';
import {
  FIXTURES,
  gunzipFixture,
  numpyValues,
  python,
  sameExceptData,
  tempDir,
} from './helpers.js';
import { runLogits } from './ort.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** Cheap deterministic values: ((i mod 1013) - 506) * 2^-12. */
const fill: FillChunk = (out, start) => {
  for (let i = 0; i < out.length; i++)
    out[i] = (((start + i) % 1013) - 506) / 4096;
};

function roles(model: OnnxModel): Record<string, number> {
  const count: Record<string, number> = {};
  for (const w of listWeights(model)) {
    const key = `${w.role}:${w.layout ?? '-'}`;
    count[key] = (count[key] ?? 0) + 1;
  }
  return count;
}

function allWeights(model: OnnxModel): Map<string, FillChunk> {
  return new Map(
    listWeights(model)
      .filter((w) => w.isWeight)
      .map((w) => [w.name, fill]),
  );
}

async function expectRuns(path: string): Promise<Float32Array> {
  const { dims, data } = await runLogits(path);
  expect(dims).toEqual([1, 1000]);
  expect(data.every(Number.isFinite)).toBe(true);
  return data;
}

describe('SqueezeNet 1.1 (op11, real weights)', () => {
  const path = join(FIXTURES, 'squeezenet1_1-torchvision-op11.onnx');

  it('has 26 conv weights, shared zero biases, and re-writes losslessly', async () => {
    const model = await readModel(path);
    const ws = listWeights(model);
    expect(
      ws.filter((w) => w.role === 'conv' && w.layout === 'OIHW'),
    ).toHaveLength(26);
    const biasUses = ws
      .filter((w) => w.role === 'bias')
      .reduce((a, w) => a + w.consumers.length, 0);
    expect(biasUses).toBe(26);
    const first =
      numpyValues(path, ['features.0.weight'])['features.0.weight'] ?? [];
    expect(
      Array.from(readTensor(model, 'features.0.weight') as Float32Array),
    ).toEqual(first.map(Number));
    const before = await expectRuns(path);
    const same = join(tmp.dir, 'sq-same.onnx');
    await writeModel(model, same, {});
    expect(readFileSync(same).equals(readFileSync(path))).toBe(true);
    const out = join(tmp.dir, 'sq.onnx');
    const reps = allWeights(model);
    await writeModel(model, out, reps);
    expect(sameExceptData(path, out, [...reps.keys()])).toBe(true);
    const after = await expectRuns(out);
    expect(after).not.toEqual(before);
  });

  it('with external data: reads, re-writes elsewhere and beside itself, and runs', async () => {
    const dir = join(tmp.dir, 'sqx');
    cpSync(join(FIXTURES, 'squeezenet1_1-external'), dir, { recursive: true });
    const model = await readModel(join(dir, 'model.onnx'));
    expect(
      model.tensors.filter((t) => t.storage === 'external').length,
    ).toBeGreaterThan(20);
    const want =
      numpyValues(join(dir, 'model.onnx'), ['classifier.1.weight'])[
        'classifier.1.weight'
      ] ?? [];
    expect(
      Array.from(readTensor(model, 'classifier.1.weight') as Float32Array),
    ).toEqual(want.map(Number));
    const reps = allWeights(model);
    const r = await writeModel(model, join(dir, 'new.onnx'), reps);
    expect([...r.relocated]).toEqual([['weights.bin', 'new.weights.bin']]);
    expect(
      sameExceptData(
        join(dir, 'model.onnx'),
        join(dir, 'new.onnx'),
        [...reps.keys()],
        true,
      ),
    ).toBe(true);
    await expectRuns(join(dir, 'model.onnx'));
    const fresh = await expectRuns(join(dir, 'new.onnx'));
    const inline = join(tmp.dir, 'sqx-inline.onnx');
    await writeModel(
      await readModel(join(FIXTURES, 'squeezenet1_1-torchvision-op11.onnx')),
      inline,
      reps,
    );
    expect(Array.from(fresh)).toEqual(
      Array.from(await runLogits(inline).then((x) => x.data)),
    );
  });
});

describe('AlexNet', () => {
  let op13 = '';
  let op9 = '';
  beforeAll(async () => {
    op13 = await gunzipFixture('alexnet-torchvision-op13.onnx.gz', tmp.dir);
    op9 = await gunzipFixture(
      'alexnet-torchvision-op9-initializers-as-inputs.onnx.gz',
      tmp.dir,
    );
  });

  it('op13: 5 OIHW convs, 3 OI Gemms, 8 biases; re-written, checked and run', async () => {
    const model = await readModel(op13);
    expect([model.irVersion, model.opsets.get('')]).toEqual([7, 13]);
    expect(roles(model)).toEqual({
      'conv:OIHW': 5,
      'gemm:OI': 3,
      'bias:bias': 8,
    });
    const out = join(tmp.dir, 'alexnet.onnx');
    const reps = allWeights(model);
    await writeModel(model, out, reps);
    expect(sameExceptData(op13, out, [...reps.keys()])).toBe(true);
    const got = python(
      `import sys, onnx, numpy as np
from onnx import numpy_helper as nh
m = onnx.load(sys.argv[1])
t = [x for x in m.graph.initializer if x.name == 'classifier.4.weight'][0]
k = np.arange(4096 * 4096) % 1013 - 506
print(np.array_equal(nh.to_array(t).ravel(), (k / 4096).astype(np.float32)))`,
      out,
    );
    expect(got.trim()).toBe('True');
    await expectRuns(out);
  });

  it('op9: initializers listed as graph inputs are found and replaced', async () => {
    const model = await readModel(op9);
    expect(model.opsets.get('')).toBe(9);
    const ws = listWeights(model);
    expect(ws.every((w) => w.source === 'initializer-input')).toBe(true);
    expect(roles(model)).toEqual({
      'conv:OIHW': 5,
      'gemm:OI': 3,
      'bias:bias': 8,
    });
    const out = join(tmp.dir, 'alexnet9.onnx');
    await writeModel(model, out, allWeights(model));
    await expectRuns(out);
  });
});
