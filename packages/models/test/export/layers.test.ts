import { join } from 'node:path';
import {
  layers,
  model as functionalModel,
  sequential,
} from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useWasmBackend } from '../../src/backend/use-best-backend.js';
import { ZooNotImplementedError } from '../../src/errors.js';
import { encodeOnnx, exportOnnx } from '../../src/export/export-onnx.js';
import { GroupedConv2D } from '../../src/layers/grouped-conv2d.js';
import { lrn } from '../../src/layers/lrn.js';
import {
  checkModel,
  maxDiff,
  predictTfjs,
  randomBatch,
  runOnnx,
  seedWeights,
  tempDir,
} from './reference.js';

type Layer = layers.Layer;

/** Small models exercising what the zoo architectures do not use. */
const CASES: { name: string; ops: string[]; build: () => Layer[] }[] = [
  {
    name: 'strided same conv, even kernel, fused relu; same avg pool',
    ops: ['Conv', 'Relu', 'AveragePool', 'Flatten', 'Gemm', 'Softmax'],
    build: () => [
      layers.conv2d({
        inputShape: [9, 10, 3],
        name: 'c1',
        filters: 4,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        activation: 'relu',
      }),
      layers.averagePooling2d({
        name: 'p1',
        poolSize: 3,
        strides: 2,
        padding: 'same',
      }),
      layers.flatten({ name: 'f' }),
      layers.dense({ name: 'd', units: 5, activation: 'softmax' }),
    ],
  },
  {
    name: 'zero padding before a pool (Pad), dilated conv, activations',
    ops: [
      'Pad',
      'MaxPool',
      'Conv',
      'Sigmoid',
      'Conv',
      'Elu',
      'Flatten',
      'Gemm',
    ],
    build: () => [
      layers.zeroPadding2d({
        inputShape: [8, 7, 2],
        name: 'z',
        padding: [
          [1, 2],
          [0, 3],
        ],
      }),
      layers.maxPooling2d({ name: 'm', poolSize: 2, strides: 1 }),
      layers.conv2d({
        name: 'c',
        filters: 6,
        kernelSize: 3,
        dilationRate: 2,
        padding: 'same',
        useBias: false,
      }),
      layers.activation({ name: 's', activation: 'sigmoid' }),
      new GroupedConv2D({ name: 'g', filters: 4, kernelSize: 3, groups: 2 }),
      layers.activation({ name: 'e', activation: 'elu' }),
      layers.flatten({ name: 'f' }),
      layers.dense({ name: 'd', units: 3 }),
    ],
  },
  {
    // alpha large enough that LRN's convention (alpha / size) matters.
    name: 'LRN with a strong alpha, batch normalization',
    ops: ['Conv', 'LRN', 'BatchNormalization', 'Flatten', 'Gemm'],
    build: () => [
      layers.conv2d({
        inputShape: [5, 5, 3],
        name: 'c',
        filters: 7,
        kernelSize: 1,
      }),
      lrn(5, 2, 0.75, 1.5, 'n'),
      layers.batchNormalization({ name: 'bn', epsilon: 1e-3 }),
      layers.flatten({ name: 'f' }),
      layers.dense({ name: 'd', units: 4 }),
    ],
  },
];

describe('exportOnnx of single layers', () => {
  const temp = tempDir();

  beforeAll(async () => {
    await useWasmBackend();
  });

  afterAll(() => temp.remove());

  it.each(CASES)('$name', async ({ name, ops, build }) => {
    const model = sequential({ layers: build() });
    seedWeights(model, 3);
    const path = join(temp.dir, 'm.onnx');
    await exportOnnx(model, { path, force: true });
    const checked = checkModel(path);
    expect(checked.ops).toEqual(ops);
    const batch = randomBatch(model, 2, 5);
    const expected = predictTfjs(model, batch);
    const got = await runOnnx(path, batch);
    const { diff, scale } = maxDiff(got.data, expected);
    expect(diff, name).toBeLessThanOrEqual(1e-4 * scale);
    model.dispose();
  });

  it('refuses an existing file unless force', async () => {
    const model = sequential({
      layers: [layers.dense({ inputShape: [2], units: 1, name: 'd' })],
    });
    const path = join(temp.dir, 'twice.onnx');
    await exportOnnx(model, { path });
    await expect(exportOnnx(model, { path })).rejects.toThrow(
      /output must not exist/,
    );
    await exportOnnx(model, { path, force: true });
  });

  it('refuses layers it does not convert, naming the supported ones', () => {
    const model = sequential({
      layers: [
        layers.conv2d({ inputShape: [4, 4, 1], filters: 1, kernelSize: 1 }),
        layers.globalAveragePooling2d({ name: 'gap' }),
      ],
    });
    expect(() => encodeOnnx(model)).toThrow(ZooNotImplementedError);
    expect(() => encodeOnnx(model)).toThrow(
      /layer class must be one of .*MaxPooling2D.*; got GlobalAveragePooling2D \(gap\)/,
    );
  });

  it('refuses models that are not a chain of layers', () => {
    const input = layers.input({ shape: [4] });
    const a = layers.dense({ units: 2, name: 'a' }).apply(input);
    const b = layers.dense({ units: 2, name: 'b' }).apply(input);
    const sum = layers
      .add({ name: 'sum' })
      .apply([a, b] as ReturnType<typeof layers.input>[]);
    const model = functionalModel({
      inputs: input,
      outputs: sum as ReturnType<typeof layers.input>,
    });
    expect(() => encodeOnnx(model)).toThrow(/must be a chain of layers/);
  });
});
