/**
 * Helpers of the ONNX import tests: TensorProto files decoded by @zoo/onnx,
 * onnxruntime-node as the reference, and the error measure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { parseModel, readTensor } from '@zoo/onnx';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { toTfTensor } from '../../src/import/tensors.js';

/** The system Python with the official onnx package. */
export const PYTHON = '/usr/bin/python3';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The repository's ONNX fixtures. */
export const FIXTURES = join(here, '..', '..', '..', '..', 'fixtures', 'onnx');

/** A fresh temp folder and a function that removes it. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zoo-import-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 127) {
    out.push((v & 127) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function field(tag: number, body: Uint8Array): Uint8Array {
  return Uint8Array.from([tag, ...varint(body.length), ...body]);
}

/**
 * A TensorProto file (the backend tests' input_0.pb) as a tf tensor: the
 * bytes are wrapped as the only initializer of a ModelProto (ir_version 8,
 * graph = 7, initializer = 5) and decoded by @zoo/onnx.
 */
export function readTensorFile(path: string): tf.Tensor {
  const tensor = readFileSync(path);
  const graph = field((5 << 3) | 2, tensor);
  const bytes = Uint8Array.from([8, 8, ...field((7 << 3) | 2, graph)]);
  const model = parseModel(bytes, { path });
  const entry = model.tensors[0];
  if (entry === undefined)
    throw new Error(`readTensorFile: ${path} has no tensor`);
  return toTfTensor(readTensor(model, entry), entry.dims, entry.dataType);
}

/** Runs `path` in onnxruntime-node on float32 feeds; returns every output. */
export async function runOrt(
  path: string,
  feeds: Readonly<Record<string, tf.Tensor>>,
): Promise<Record<string, { dims: readonly number[]; data: Float32Array }>> {
  const session = await InferenceSession.create(path, { logSeverityLevel: 3 });
  try {
    const ortFeeds: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      ortFeeds[name] = new Tensor(
        'float32',
        t.dataSync() as Float32Array,
        t.shape,
      );
    }
    const result = await session.run(ortFeeds);
    const out: Record<string, { dims: readonly number[]; data: Float32Array }> =
      {};
    for (const [name, t] of Object.entries(result)) {
      out[name] = {
        dims: t.dims,
        data: Float32Array.from(t.data as ArrayLike<number | bigint>, Number),
      };
    }
    return out;
  } finally {
    await session.release();
  }
}

/** max |a - b| / max(1, max |b|). */
export function relativeError(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    const x = Number(a[i]);
    const y = Number(b[i]);
    if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
    if (x === y) continue;
    diff = Math.max(diff, Math.abs(x - y));
    scale = Math.max(scale, Math.abs(y));
  }
  return diff / scale;
}

/** Runs a Python script file with arguments; returns stdout. */
export function python(script: string, ...args: string[]): string {
  return execFileSync(PYTHON, [script, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
}

/** This folder (scripts live beside the helpers). */
export const TEST_DIR = here;
