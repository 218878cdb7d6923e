/**
 * The converter tests' driver: builds a group of one-node models with
 * onnx.helper (one_node_models.py), feeds every float graph input the
 * same seeded Uniform(-1, 1) values in tfjs and in onnxruntime-node, and
 * returns each model's error, max |tfjs - ort| / max(1, max |ort|).
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readModel } from '@zoo/onnx';
import { useBestBackend } from '../../src/backend/use-best-backend.js';
import { importOnnx } from '../../src/import/import-onnx.js';
import { randomTensor } from '../helpers.js';
import { TEST_DIR, python, relativeError, runOrt, tempDir } from './helpers.js';

/** The tolerance of the converter tests (float32, small tensors). */
export const ONE_NODE_TOLERANCE = 1e-5;

/** Errors by model name for one group of one_node_models.py. */
export async function oneNodeErrors(
  group: string,
): Promise<Record<string, number>> {
  await useBestBackend({ order: ['wasm', 'cpu'] });
  const temp = tempDir();
  try {
    const script = join(TEST_DIR, 'one_node_models.py');
    const files = JSON.parse(python(script, temp.dir, group)) as string[];
    const errors: Record<string, number> = {};
    for (const file of files) {
      const path = join(temp.dir, file);
      const model = await readModel(path);
      const imported = importOnnx(model);
      const feeds: Record<string, tf.Tensor> = {};
      for (const v of model.proto.graph?.input ?? []) {
        const name = v.name ?? '';
        if (!imported.inputNames.includes(name)) continue;
        const dims = (v.type?.tensorType?.shape?.dim ?? []).map((d) =>
          Number(d.dimValue),
        );
        feeds[name] = randomTensor(3, `${file}/${name}`, dims);
      }
      try {
        const ours = imported.execute(feeds);
        const ort = await runOrt(path, feeds);
        let worst = 0;
        for (const name of imported.outputNames) {
          const a = ours[name] as tf.Tensor;
          const b = ort[name];
          const sameShape = a.shape.join() === (b?.dims ?? []).join();
          worst = Math.max(
            worst,
            sameShape ? relativeError(a.dataSync(), b?.data ?? []) : Infinity,
          );
        }
        errors[file.replace(/\.onnx$/, '')] = worst;
        tf.dispose(Object.values(ours));
      } finally {
        tf.dispose(Object.values(feeds));
        imported.dispose();
      }
    }
    return errors;
  } finally {
    temp.remove();
  }
}
