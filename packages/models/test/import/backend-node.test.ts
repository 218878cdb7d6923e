/**
 * The ONNX backend node tests (Debian's libonnx-testdata, onnx 1.12): for
 * every supported op, each one-node model is imported and run on its
 * test_data_set_* inputs; outputs must match the expected ones within
 * rtol 1e-3 + atol 1e-5 (onnx's backend runner uses rtol 1e-3, atol 1e-7;
 * float32 sums need the larger atol). Pass counts per op are printed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { OnnxFormatError, readModel, type OnnxModel } from '@zoo/onnx';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBestBackend } from '../../src/backend/use-best-backend.js';
import { importOnnx } from '../../src/import/import-onnx.js';
import { findConverter } from '../../src/import/registry.js';
import { readTensorFile } from './helpers.js';

const DATA = '/usr/share/libonnx-testdata/data/node';

/** Cases left out, with the reason. */
export const EXCLUDED: Readonly<Record<string, string>> = {
  test_averagepool_1d_default: '1-D pooling is not implemented',
  test_averagepool_3d_default: '3-D pooling is not implemented',
  test_maxpool_1d_default: '1-D pooling is not implemented',
  test_maxpool_3d_default: '3-D pooling is not implemented',
  test_maxpool_2d_dilations: 'pool dilations are not implemented',
  test_maxpool_with_argmax_2d_precomputed_pads: 'Indices output',
  test_maxpool_with_argmax_2d_precomputed_strides: 'Indices output',
  test_batchnorm_epsilon_training_mode: 'training mode',
  test_batchnorm_example_training_mode: 'training mode',
  test_cast_FLOAT_to_STRING: 'strings',
  test_cast_STRING_to_FLOAT: 'strings',
  test_cast_FLOAT_to_FLOAT16: 'tfjs has no float16: float32 kept, not rounded',
  test_cast_DOUBLE_to_FLOAT16: 'tfjs has no float16: float32 kept, not rounded',
  test_cast_FLOAT_to_BFLOAT16:
    'tfjs has no bfloat16: float32 kept, not rounded',
  test_cast_BFLOAT16_to_FLOAT:
    'the input is stored as uint16 bit patterns; tfjs has no bfloat16',
  test_castlike_BFLOAT16_to_FLOAT_expanded:
    'the input is stored as uint16 bit patterns; tfjs has no bfloat16',
  test_castlike_FLOAT_to_BFLOAT16_expanded:
    'tfjs has no bfloat16: float32 kept, not rounded',
  test_castlike_FLOAT_to_STRING_expanded: 'strings',
  test_castlike_STRING_to_FLOAT_expanded: 'strings',
  test_training_dropout: 'training-mode Dropout (random) is not implemented',
  test_training_dropout_default:
    'training-mode Dropout (random) is not implemented',
  test_training_dropout_default_mask:
    'training-mode Dropout (random) is not implemented',
  test_training_dropout_mask:
    'training-mode Dropout (random) is not implemented',
  test_training_dropout_zero_ratio:
    'training-mode Dropout (random) is not implemented',
  test_training_dropout_zero_ratio_mask:
    'training-mode Dropout (random) is not implemented',
  test_identity_opt: 'optional types',
  test_identity_sequence: 'sequence types',
};

function tolerance(actual: tf.Tensor, expected: tf.Tensor): boolean {
  if (actual.shape.join() !== expected.shape.join()) return false;
  const a = actual.dataSync();
  const e = expected.dataSync();
  for (let i = 0; i < e.length; i++) {
    const x = Number(a[i]);
    const y = Number(e[i]);
    if (Number.isNaN(y) && Number.isNaN(x)) continue;
    if (x === y) continue;
    if (!(Math.abs(x - y) <= 1e-5 + 1e-3 * Math.abs(y))) return false;
  }
  return true;
}

async function runCase(dir: string): Promise<boolean> {
  const model = await readModel(join(dir, 'model.onnx'));
  const imported = importOnnx(model);
  try {
    const sets = readdirSync(dir).filter((d) => d.startsWith('test_data_set_'));
    for (const set of sets) {
      const files = readdirSync(join(dir, set));
      const count = (prefix: string) =>
        files.filter((f) => f.startsWith(prefix)).length;
      const inputs = Array.from({ length: count('input_') }, (_, i) =>
        readTensorFile(join(dir, set, `input_${i}.pb`)),
      );
      const expected = Array.from({ length: count('output_') }, (_, i) =>
        readTensorFile(join(dir, set, `output_${i}.pb`)),
      );
      const feeds: Record<string, tf.Tensor> = {};
      imported.inputNames.forEach((name, i) => {
        const t = inputs[i];
        if (t !== undefined) feeds[name] = t;
      });
      const names = imported.outputNames.slice(0, expected.length);
      const outs = imported.execute(feeds, names);
      const ok = names.every((n, i) =>
        tolerance(outs[n] as tf.Tensor, expected[i] as tf.Tensor),
      );
      tf.dispose([...inputs, ...expected, ...Object.values(outs)]);
      if (!ok) return false;
    }
    return true;
  } finally {
    imported.dispose();
  }
}

/** Single-node cases whose op has a converter, grouped by op. */
async function supportedCases(): Promise<Map<string, string[]>> {
  const byOp = new Map<string, string[]>();
  let old = 0;
  let multiNode = 0;
  for (const name of readdirSync(DATA).sort()) {
    const dir = join(DATA, name);
    if (!existsSync(join(dir, 'model.onnx'))) continue;
    let model: OnnxModel;
    try {
      model = await readModel(join(dir, 'model.onnx'));
    } catch (e) {
      // @zoo/onnx reads ai.onnx opset 7 and later; older cases are skipped.
      if (e instanceof OnnxFormatError) {
        old++;
        continue;
      }
      throw e;
    }
    const nodes = model.proto.graph?.node ?? [];
    const node = nodes[0];
    if (nodes.length !== 1 || node === undefined) {
      multiNode++;
      continue;
    }
    const opset = model.opsets.get(node.domain ?? '') ?? 0;
    if (findConverter('ai.onnx', node.opType ?? '', opset) === undefined)
      continue;
    const list = byOp.get(node.opType ?? '') ?? [];
    list.push(name);
    byOp.set(node.opType ?? '', list);
  }
  console.log(
    `backend node tests: not run: ${old} unreadable by @zoo/onnx ` +
      `(opset < 7), ${multiNode} multi-node`,
  );
  return byOp;
}

describe.runIf(existsSync(DATA))('ONNX backend node tests', () => {
  beforeAll(async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
  });

  it('passes every supported, non-excluded case', async () => {
    const failed: string[] = [];
    const lines: string[] = [];
    for (const [op, cases] of await supportedCases()) {
      let passed = 0;
      let excluded = 0;
      for (const name of cases) {
        if (EXCLUDED[name] !== undefined) {
          excluded++;
          continue;
        }
        let ok: boolean;
        try {
          ok = await runCase(join(DATA, name));
        } catch (e) {
          failed.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
          continue;
        }
        if (ok) passed++;
        else failed.push(`${name}: outputs differ`);
      }
      lines.push(
        `${op}: ${passed}/${cases.length - excluded} passed, ` +
          `${excluded} excluded`,
      );
    }
    console.log(
      `backend node tests (${tf.getBackend()}):\n${lines.join('\n')}`,
    );
    expect(failed).toEqual([]);
  });
});
