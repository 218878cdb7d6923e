import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listWeights,
  readModel,
  readTensor,
  type WeightInfo,
} from '../src/index.js';
import { makeModels, numpyValues, tempDir } from './helpers.js';

const tmp = tempDir();
const at = (name: string): string => join(tmp.dir, name);

beforeAll(() => makeModels(tmp.dir));
afterAll(() => tmp.remove());

function byName(ws: readonly WeightInfo[]): Map<string, WeightInfo> {
  return new Map(ws.map((w) => [w.name, w]));
}

describe('listWeights', () => {
  it('finds every layout, role and activation of the layouts model', async () => {
    const w = byName(listWeights(await readModel(at('layouts.onnx'))));
    const pick = (n: string) => {
      const x = w.get(n);
      return x && [x.role, x.layout, x.group, x.activation, x.layerWeight];
    };
    expect(pick('conv.w')).toEqual([
      'conv',
      'OIHW',
      2,
      { kind: 'leaky-relu', alpha: expect.closeTo(0.2, 6) },
      undefined,
    ]);
    expect(pick('conv.b')).toEqual([
      'bias',
      'bias',
      2,
      { kind: 'leaky-relu', alpha: expect.closeTo(0.2, 6) },
      'conv.w',
    ]);
    expect(pick('bn.scale')?.slice(0, 2)).toEqual(['bn-scale', 'bias']);
    expect(pick('bn.bias')?.slice(0, 2)).toEqual(['bn-bias', 'bias']);
    expect(pick('bn.mean')?.slice(0, 2)).toEqual(['bn-mean', 'bias']);
    expect(pick('bn.var')?.slice(0, 2)).toEqual(['bn-var', 'bias']);
    expect(pick('deconv.w')).toEqual([
      'conv-transpose',
      'IOHW',
      1,
      { kind: 'sigmoid' },
      undefined,
    ]);
    expect(pick('deconv.b')).toEqual([
      'bias',
      'bias',
      1,
      { kind: 'sigmoid' },
      'deconv.w',
    ]);
    expect(pick('fc1.w')).toEqual([
      'gemm',
      'OI',
      1,
      { kind: 'tanh' },
      undefined,
    ]);
    expect(pick('fc1.b')?.[4]).toBe('fc1.w');
    expect(pick('fc2.w')?.slice(0, 2)).toEqual(['gemm', 'IO']);
    expect(w.get('fc2.w')?.activation.kind).toBe('selu');
    expect(pick('mm.w')).toEqual([
      'matmul',
      'IO',
      1,
      { kind: 'clip', min: -1.5, max: 2.5 },
      undefined,
    ]);
    expect(pick('mm.b')).toEqual([
      'bias',
      'bias',
      1,
      { kind: 'clip', min: -1.5, max: 2.5 },
      'mm.w',
    ]);
    for (const n of ['clip.min', 'clip.max', 'shape']) {
      expect(w.get(n)?.isWeight).toBe(false);
      expect(w.get(n)?.role).toBe('none');
    }
    expect(w.get('shape')?.reason).toMatch(/int64/);
    expect(w.get('fc1.w')?.consumers).toEqual([
      { node: 'fc1', opType: 'Gemm', input: 1 },
    ]);
  });

  it('finds a shared weight and a Constant-node bias', async () => {
    const w = byName(listWeights(await readModel(at('shared.onnx'))));
    expect(w.get('w')?.consumers.map((c) => c.node)).toEqual([
      'conv1',
      'conv2',
    ]);
    expect(w.get('w')?.role).toBe('conv');
    expect(w.get('w')?.activation).toEqual({ kind: 'relu' });
    expect(w.get('cb')?.source).toBe('constant');
    expect(w.get('cb')?.role).toBe('bias');
    expect(w.get('cb')?.layerWeight).toBe('w');
  });

  it('reads IR 3 with initializers listed as graph inputs', async () => {
    const m = await readModel(at('ir3.onnx'));
    expect(m.irVersion).toBe(3);
    expect(m.opsets.get('')).toBe(7);
    const w = byName(listWeights(m));
    expect(w.get('w')).toMatchObject({
      source: 'initializer-input',
      role: 'conv',
      layout: 'OIHW',
      activation: { kind: 'relu' },
    });
    expect(w.get('fc')).toMatchObject({
      role: 'gemm',
      layout: 'OI',
      activation: { kind: 'linear' },
    });
    expect(w.get('fc.b')?.role).toBe('bias');
  });
});

describe('readTensor against numpy_helper.to_array', () => {
  it('decodes every element type from raw_data and typed fields', async () => {
    const m = await readModel(at('dtypes.onnx'));
    const names = m.tensors.map((t) => t.name);
    const want = numpyValues(at('dtypes.onnx'), names);
    expect(Object.keys(want).length).toBe(24);
    for (const t of m.tensors) {
      const got = readTensor(m, t);
      const ref = want[t.name] ?? [];
      expect(t.storage).toEqual(
        t.name.endsWith('.raw') ? 'raw_data' : expect.stringMatching(/_data$/),
      );
      const asText = Array.from(got as ArrayLike<number | bigint>, (v) =>
        typeof v === 'bigint' ? v.toString() : v,
      );
      const expected = ref.map((s) =>
        /64/.test(t.dataType) && t.dataType !== 'float64'
          ? s
          : Number(s === 'True' ? 1 : s),
      );
      expect(asText, t.name).toEqual(expected);
    }
  });

  it('decodes float16 and bfloat16 from raw_data and int32_data', async () => {
    const m = await readModel(at('halfs.onnx'));
    const names = ['w16raw', 'w16int', 'wbfraw', 'wbfint', 'w64', 'wfdata'];
    const want = numpyValues(at('halfs.onnx'), names);
    const storage = m.tensors.map((t) => [t.name, t.dataType, t.storage]);
    expect(storage).toEqual([
      ['w16raw', 'float16', 'raw_data'],
      ['w16int', 'float16', 'int32_data'],
      ['wbfraw', 'bfloat16', 'raw_data'],
      ['wbfint', 'bfloat16', 'int32_data'],
      ['w64', 'float64', 'raw_data'],
      ['wfdata', 'float32', 'float_data'],
    ]);
    for (const n of names) {
      expect(Array.from(readTensor(m, n) as Float32Array), n).toEqual(
        (want[n] ?? []).map(Number),
      );
    }
  });
});

describe('subgraphs and functions', () => {
  it('finds tensors in If branches and model functions', async () => {
    const m = await readModel(at('nested.onnx'));
    const where = m.tensors.map((t) => [t.name, t.graph, t.kind]);
    expect(where).toEqual([
      ['else.c', 'if/else_branch', 'attribute'],
      ['then.c', 'if/then_branch', 'attribute'],
      ['w', '', 'initializer'],
      ['k', 'functions/Scale', 'attribute'],
    ]);
    expect(Array.from(readTensor(m, m.tensors[0]!) as Float32Array)).toEqual([
      2, 2, 2, 2,
    ]);
    expect(Array.from(readTensor(m, m.tensors[3]!) as Float32Array)).toEqual([
      3,
    ]);
    expect(listWeights(m).map((w) => [w.name, w.role, w.layout])).toEqual([
      ['w', 'matmul', 'IO'],
    ]);
  });
});
