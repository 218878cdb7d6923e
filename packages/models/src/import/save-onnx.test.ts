import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  floatToHalf,
  halfToFloat,
  readModel,
  readTensor,
  type OnnxModel,
} from '@zoo/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBestBackend } from '../backend/use-best-backend.js';
import { ZooInputError } from '../errors.js';
import { PYTHON, tempDir } from '../../test/import/helpers.js';
import { importOnnx } from './import-onnx.js';
import { saveOnnx } from './save-onnx.js';

const temp = tempDir();

/**
 * y = x * w32 + Cast(w16) + Cast(w64), with a float32, a float16 and a
 * float64 initializer; w64 holds values float32 cannot represent.
 */
const MODEL = `
import sys, numpy as np, onnx
from onnx import TensorProto as T, helper as h, numpy_helper as nh
w32 = nh.from_array(np.array([0.5, -1.25, 2.0], np.float32), 'w32')
w16 = nh.from_array(np.array([0.1, 0.2, 0.3], np.float16), 'w16')
w64 = nh.from_array(np.array([0.1, 1 / 3, 1e-300]), 'w64')
nodes = [
    h.make_node('Cast', ['w16'], ['c16'], to=T.FLOAT),
    h.make_node('Cast', ['w64'], ['c64'], to=T.FLOAT),
    h.make_node('Mul', ['x', 'w32'], ['a']),
    h.make_node('Add', ['a', 'c16'], ['b']),
    h.make_node('Add', ['b', 'c64'], ['y']),
]
graph = h.make_graph(
    nodes, 'g', [h.make_tensor_value_info('x', T.FLOAT, [2, 3])],
    [h.make_tensor_value_info('y', T.FLOAT, [2, 3])], [w32, w16, w64])
model = h.make_model(graph, opset_imports=[h.make_opsetid('', 13)])
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
`;

describe('saveOnnx', () => {
  let path = '';
  let source: OnnxModel;

  beforeAll(async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
    path = join(temp.dir, 'mixed.onnx');
    execFileSync(PYTHON, ['-c', MODEL, path]);
    source = await readModel(path);
  });
  afterAll(() => temp.remove());

  it('keeps an unchanged model byte for byte', async () => {
    const net = importOnnx(source);
    const out = join(temp.dir, 'same.onnx');
    try {
      const result = await saveOnnx(net, source, out);
      expect(result.replaced).toEqual([]);
      expect(result.unchanged).toEqual(['w32', 'w16', 'w64']);
    } finally {
      net.dispose();
    }
    expect(readFileSync(out).equals(readFileSync(path))).toBe(true);
  });

  it('writes changed values in each stored type', async () => {
    const net = importOnnx(source);
    const out = join(temp.dir, 'changed.onnx');
    try {
      tf.tidy(() => {
        net.weights.get('w32')!.assign(tf.tensor1d([3, -0, 1e-3]));
        net.weights.get('w16')!.assign(tf.tensor1d([0.1, 1.0001, 0.3]));
        net.weights.get('w64')!.assign(tf.tensor1d([0.1, 7, 1e-300]));
      });
      const result = await saveOnnx(net, source, out);
      expect(result.replaced).toEqual(['w32', 'w16', 'w64']);
    } finally {
      net.dispose();
    }

    const saved = await readModel(out);
    const w32 = readTensor(saved, 'w32') as Float32Array;
    expect([...w32]).toEqual([3, -0, Math.fround(1e-3)]);
    expect(Object.is(w32[1], -0)).toBe(true);
    // float16: round to nearest even; untouched elements are unchanged.
    const w16 = readTensor(saved, 'w16') as Float32Array;
    const before16 = readTensor(source, 'w16') as Float32Array;
    const rounded = halfToFloat(floatToHalf(1.0001));
    expect(rounded).not.toBe(Math.fround(1.0001));
    expect([...w16]).toEqual([before16[0], rounded, before16[2]]);
    // float64: elements that still hold their float32 rounding keep all
    // 53 bits; the changed one is the variable's float32 value.
    expect([...(readTensor(saved, 'w64') as Float64Array)]).toEqual([
      0.1, 7, 1e-300,
    ]);
  });

  it('refuses weights the source does not have', async () => {
    const other = join(temp.dir, 'other.onnx');
    execFileSync(PYTHON, ['-c', MODEL.replace(/'w32'/g, "'w_other'"), other]);
    const net = importOnnx(await readModel(other));
    try {
      const save = saveOnnx(net, source, join(temp.dir, 'x.onnx'));
      await expect(save).rejects.toThrow(ZooInputError);
      await expect(save).rejects.toThrow(
        /weight "w_other" must be an initializer of the source model/,
      );
    } finally {
      net.dispose();
    }
  });

  it('refuses an existing output unless force, and disposed weights', async () => {
    const net = importOnnx(source);
    const out = join(temp.dir, 'exists.onnx');
    try {
      await saveOnnx(net, source, out);
      await expect(saveOnnx(net, source, out)).rejects.toThrow(/exist/);
      await saveOnnx(net, source, out, { force: true });
    } finally {
      net.dispose();
    }
    await expect(saveOnnx(net, source, out, { force: true })).rejects.toThrow(
      /must not be disposed/,
    );
  });
});
