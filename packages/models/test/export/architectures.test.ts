import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useWasmBackend } from '../../src/backend/use-best-backend.js';
import { buildArchitecture } from '../../src/architectures/registry.js';
import type { ArchitectureOptions } from '../../src/architectures/options.js';
import { exportOnnx } from '../../src/export/export-onnx.js';
import {
  checkModel,
  maxDiff,
  predictTfjs,
  randomBatch,
  runOnnx,
  seedWeights,
  tempDir,
} from './reference.js';

interface Case {
  readonly name: string;
  readonly options: ArchitectureOptions;
  /** Published parameter count, where there is one. */
  readonly parameters?: number;
  readonly batch: number;
}

const CASES: Case[] = [
  { name: 'alexnet', options: {}, parameters: 61_100_840, batch: 2 },
  { name: 'alexnet', options: { input: 'cifar10' }, batch: 3 },
  { name: 'alexnet', options: { input: 'cifar10', lrn: true }, batch: 2 },
  { name: 'alexnet-2col', options: {}, parameters: 60_965_224, batch: 2 },
  { name: 'alexnet-2col', options: { input: 'fashion-mnist' }, batch: 3 },
  { name: 'mlp', options: {}, parameters: 400_906, batch: 4 },
  { name: 'mlp', options: { activation: 'tanh', depth: 2 }, batch: 4 },
  { name: 'vgg-a', options: { input: 'cifar10', batchNorm: true }, batch: 2 },
  { name: 'vgg-a', options: { input: 'fashion-mnist' }, batch: 2 },
];
if (process.env['ZOO_TEST_VGG16'] === '1') {
  CASES.push({ name: 'vgg-d', options: {}, parameters: 138_357_544, batch: 1 });
}

describe('exportOnnx of the zoo architectures', () => {
  const temp = tempDir();
  const report: string[] = [];

  beforeAll(async () => {
    await useWasmBackend();
  });

  afterAll(() => {
    temp.remove();
    console.log(report.join('\n'));
  });

  it.each(CASES)(
    '$name $options: checker, parameters, onnxruntime = tfjs',
    async ({ name, options, parameters, batch: n }) => {
      const model = buildArchitecture(name, {
        ...options,
        initializer: 'zeros',
      });
      seedWeights(model, 7);
      const path = join(temp.dir, `${name}.onnx`);
      const result = await exportOnnx(model, { path, force: true });

      const checked = checkModel(path);
      expect(checked.ir).toBe(7);
      expect(checked.opset).toEqual([13]);
      expect(checked.inputs[0]?.[0]).toBe('input');
      expect(checked.outputs.map((o) => o[0])).toEqual(['logits']);
      expect(checked.parameters).toBe(result.parameters);
      expect(checked.parameters).toBe(model.countParams());
      if (parameters !== undefined) expect(checked.parameters).toBe(parameters);
      expect(checked.ops).not.toContain('Dropout');
      // Zero padding folds into the next convolution's pads.
      expect(checked.ops).not.toContain('Pad');
      expect(checked.initializers).toContain(
        `${model.layers.find((l) => l.weights.length)?.name}.weight`,
      );

      const batch = randomBatch(model, n, 11);
      const expected = predictTfjs(model, batch);
      const got = await runOnnx(path, batch);
      const units = model.outputs[0]!.shape[1] as number;
      expect(got.dims).toEqual([n, units]);
      const { diff, scale } = maxDiff(got.data, expected);
      report.push(
        `${name} ${JSON.stringify(options)}: ${checked.parameters} ` +
          `parameters, max |ort - tfjs| ${diff.toExponential(2)}, ` +
          `output scale ${scale.toExponential(2)}`,
      );
      expect(diff).toBeLessThanOrEqual(1e-4 * Math.max(scale, 1e-6));
      model.dispose();
    },
  );
});
