/**
 * The independent references of the export tests: the official ONNX
 * checker (Python onnx 1.12) and onnxruntime, against tfjs's own predict.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { InferenceSession, Tensor } from 'onnxruntime-node';

import { randomValues } from '../helpers.js';

/** The system Python with the official onnx package. */
const PYTHON = '/usr/bin/python3';

const CHECK = `
import json, sys, onnx, numpy
from onnx import numpy_helper
m = onnx.load(sys.argv[1])
onnx.checker.check_model(m, full_check=True)
floats = [t for t in m.graph.initializer if t.data_type == 1]
dims = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
print(json.dumps({
  'ir': m.ir_version,
  'opset': [o.version for o in m.opset_import if o.domain in ('', 'ai.onnx')],
  'inputs': [[v.name, dims(v)] for v in m.graph.input],
  'outputs': [[v.name, dims(v)] for v in m.graph.output],
  'parameters': int(sum(numpy_helper.to_array(t).size for t in floats)),
  'initializers': [t.name for t in m.graph.initializer],
  'ops': [n.op_type for n in m.graph.node],
}))
`;

/** What the official checker and onnx.load say of a model file. */
export interface Checked {
  readonly ir: number;
  readonly opset: number[];
  readonly inputs: [string, (string | number)[]][];
  readonly outputs: [string, (string | number)[]][];
  readonly parameters: number;
  readonly initializers: string[];
  readonly ops: string[];
}

/**
 * Runs onnx.checker.check_model (full check) on the loaded model; throws
 * if it fails. Given a path with full_check, onnx 1.12 writes the
 * shape-inferred model back into the file, so the path is not passed.
 */
export function checkModel(path: string): Checked {
  const out = execFileSync(PYTHON, ['-c', CHECK, path], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out) as Checked;
}

/** A fresh temp folder and a function that removes it. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zoo-export-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Gives every weight of `model` seeded values: kernels U(-1, 1) *
 * sqrt(3 / fanIn) (unit variance through a layer), everything else
 * 1 + 0.2 U for variances and scales, 0.1 U otherwise.
 */
export function seedWeights(model: LayersModel, seed: number): void {
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      const u = randomValues(seed, w.originalName, size);
      const fanIn = size / (w.shape[w.shape.length - 1] ?? 1);
      const name = w.originalName;
      const kernel = name.endsWith('/kernel');
      const ones = /gamma|variance/.test(name);
      const scale = kernel ? Math.sqrt(3 / fanIn) : ones ? 0.2 : 0.1;
      for (let i = 0; i < size; i++) u[i] = (ones ? 1 : 0) + u[i]! * scale;
      return tf.tensor(u, w.shape as number[]);
    });
    if (values.length) layer.setWeights(values);
    tf.dispose(values);
  }
}

/** A seeded NCHW batch [n, c, h, w] for an NHWC model input. */
export function randomBatch(
  model: LayersModel,
  n: number,
  seed: number,
): { nchw: Float32Array; dims: number[] } {
  const [, h = 1, w = 1, c = 1] = model.inputs[0]!.shape as number[];
  const dims = [n, c, h, w];
  return { nchw: randomValues(seed, 'batch', n * c * h * w), dims };
}

/** tfjs's prediction for an NCHW batch (transposed to NHWC). */
export function predictTfjs(
  model: LayersModel,
  batch: { nchw: Float32Array; dims: number[] },
): Float32Array {
  return tf.tidy(() => {
    const x = tf.transpose(tf.tensor(batch.nchw, batch.dims), [0, 2, 3, 1]);
    const y = model.predict(x) as tf.Tensor;
    return y.dataSync() as Float32Array;
  });
}

/** onnxruntime's `logits` for `input`; returns values and dims. */
export async function runOnnx(
  path: string,
  batch: { nchw: Float32Array; dims: number[] },
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await InferenceSession.create(path, {
    logSeverityLevel: 3,
    graphOptimizationLevel: 'disabled',
  });
  try {
    const result = await session.run({
      input: new Tensor('float32', batch.nchw, batch.dims),
    });
    const logits = result['logits'];
    if (logits === undefined) {
      throw new Error('runOnnx: model must output logits; got none');
    }
    return { data: logits.data as Float32Array, dims: logits.dims };
  } finally {
    await session.release();
  }
}

/** max |a - b| and max |b|. */
export function maxDiff(
  a: Float32Array,
  b: Float32Array,
): { diff: number; scale: number } {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] ?? NaN) - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return { diff, scale };
}
