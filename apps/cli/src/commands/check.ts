import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { RandomStream, fillUniform } from '@zoo/init';
import {
  ZooInputError,
  ZooNotImplementedError,
  importOnnx,
  useBestBackend,
} from '@zoo/models';
import { readModel, type OnnxModel } from '@zoo/onnx';
import { parseCommandArgs, parseInteger, parseNumber } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { num, shapeText } from '../table.js';

const USAGE = `Usage: zoo check <model.onnx> [--batch N] [--tolerance T] [--seed N]

Imports an ONNX model into TensorFlow.js (as 'importOnnx' does) and runs
the same random batch through it and through onnxruntime: every float
input gets Uniform(-1, 1) values from (seed, input name), its shape from
the graph with a symbolic first axis set to the batch. Prints, per graph
output, the largest absolute difference, the scale (max |onnxruntime
output|) and their ratio. Exits 1 when an op cannot be imported (all are
named) or when a ratio is above the tolerance, 0 otherwise.

  --batch <n>       the size of a symbolic first axis; default 2
  --tolerance <t>   the largest ratio that passes; default 1e-4
  --seed <n>        integer in [0, 2^53); default 0
`;

/** ONNX TensorProto.DataType FLOAT. */
const FLOAT = 1;

export const checkCommand: Command = {
  name: 'check',
  summary: 'compare an imported ONNX model with onnxruntime',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('check', argv, {
      batch: { type: 'string' },
      tolerance: { type: 'string', default: '1e-4' },
      seed: { type: 'string', default: '0' },
    });
    if (positionals.length !== 1) {
      throw new UsageError(
        `zoo check: expected one model path; got ${positionals.length}`,
      );
    }
    const batch =
      values.batch === undefined
        ? undefined
        : parseInteger('--batch', values.batch, { min: 1 });
    const tolerance = parseNumber('--tolerance', values.tolerance);
    if (tolerance < 0) {
      throw new RangeError(
        `--tolerance must be at least 0; got '${values.tolerance}'`,
      );
    }
    const seed = parseInteger('--seed', values.seed, { min: 0 });
    const path = resolve(positionals[0]!);

    const model = await readModel(path);
    const backend = await useBestBackend({ order: ['wasm', 'cpu'] });
    const imported = importOnnx(model, { trainable: false });
    const feeds: Record<string, tf.Tensor> = {};
    try {
      for (const name of imported.inputNames) {
        const shape = inputShape(model, name, batch);
        const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
        fillUniform(new RandomStream(seed, name), data, -1, 1);
        feeds[name] = tf.tensor(data, shape, 'float32');
        io.stdout.write(
          `input ${name}: ${shapeText(shape)} float32, Uniform(-1, 1), ` +
            `seed ${seed}\n`,
        );
      }
      const ours = imported.execute(feeds);
      const theirs = await runOnnxruntime(path, feeds);
      let worst = 0;
      for (const name of imported.outputNames) {
        const a = ours[name]!;
        const b = theirs.get(name);
        const d = compare(a.shape, a.dataSync(), b);
        worst = Math.max(worst, d.ratio);
        io.stdout.write(
          `output ${name}: ${shapeText(a.shape)}, max |tfjs - ort| ` +
            `${num(d.diff)}, scale ${num(d.scale)}, ratio ` +
            `${num(d.ratio)}${d.note}\n`,
        );
      }
      tf.dispose(Object.values(ours));
      const verdict = worst <= tolerance ? 'ok' : 'FAIL';
      io.stdout.write(
        `${verdict}: ratio ${num(worst)}, tolerance ${num(tolerance)} ` +
          `(tfjs on ${backend}, onnxruntime on cpu)\n`,
      );
      if (worst <= tolerance) return EXIT.ok;
      io.stderr.write(
        `error: zoo check: max |tfjs - ort| / scale must be at most ` +
          `${num(tolerance)}; got ${num(worst)}\n`,
      );
      return EXIT.failure;
    } finally {
      tf.dispose(Object.values(feeds));
      imported.dispose();
    }
  },
};

/**
 * The shape of graph input `name`: fixed dims as given, a symbolic first
 * axis set to `batch` (default 2). A fixed first axis that differs from
 * an explicit --batch, or any other symbolic axis, is an error.
 */
function inputShape(
  model: OnnxModel,
  name: string,
  batch: number | undefined,
): number[] {
  const input = (model.proto.graph?.input ?? []).find((v) => v.name === name);
  const tensor = input?.type?.tensorType;
  if (tensor?.elemType !== FLOAT) {
    throw new ZooNotImplementedError(
      `zoo check: input ${JSON.stringify(name)} must be a float32 tensor; ` +
        `got element type ${tensor?.elemType ?? 'none'}`,
    );
  }
  const dims = tensor.shape?.dim;
  if (dims === undefined || dims === null) {
    throw new ZooInputError(
      `zoo check: input ${JSON.stringify(name)} must have a shape; got none`,
    );
  }
  return dims.map((d, axis) => {
    const fixed = Number(d.dimValue?.toString() ?? 0);
    if (fixed > 0 && !d.dimParam) {
      if (axis === 0 && batch !== undefined && batch !== fixed) {
        throw new RangeError(
          `--batch must be ${fixed}, the fixed first axis of input ` +
            `${JSON.stringify(name)}; got ${batch}`,
        );
      }
      return fixed;
    }
    if (axis === 0) return batch ?? 2;
    throw new ZooNotImplementedError(
      `zoo check: input ${JSON.stringify(name)} axis ${axis} must be ` +
        `fixed (only the first axis may be symbolic); got ` +
        `'${d.dimParam ?? '?'}'`,
    );
  });
}

interface OrtOutput {
  readonly dims: readonly number[];
  readonly data: Float64Array;
}

/** Every output of the model in onnxruntime-node, on the same feeds. */
async function runOnnxruntime(
  path: string,
  feeds: Readonly<Record<string, tf.Tensor>>,
): Promise<Map<string, OrtOutput>> {
  // Loaded here: the native binding is only needed by this command.
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(path, {
    logSeverityLevel: 3,
  });
  try {
    const ortFeeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
    for (const [name, t] of Object.entries(feeds)) {
      const data = t.dataSync() as Float32Array;
      ortFeeds[name] = new ort.Tensor('float32', data, t.shape);
    }
    const result = await session.run(ortFeeds);
    const out = new Map<string, OrtOutput>();
    for (const [name, t] of Object.entries(result)) {
      const data = t.data as ArrayLike<number | bigint>;
      out.set(name, { dims: t.dims, data: Float64Array.from(data, Number) });
    }
    return out;
  } finally {
    await session.release();
  }
}

/**
 * max |a - b|, the scale max |b| and their ratio. NaN in both at the
 * same place is equal; NaN in one, or differing shapes, is an Infinity.
 */
function compare(
  shape: readonly number[],
  a: ArrayLike<number>,
  b: OrtOutput | undefined,
): { diff: number; scale: number; ratio: number; note: string } {
  if (b === undefined || shapeText(b.dims) !== shapeText(shape)) {
    const got = b === undefined ? 'no output' : shapeText(b.dims);
    const note = ` (onnxruntime gave ${got})`;
    return { diff: Infinity, scale: NaN, ratio: Infinity, note };
  }
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.data.length; i++) {
    const x = a[i] as number;
    const y = b.data[i] as number;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const d = Math.abs(x - y);
    diff = Math.max(diff, Number.isNaN(d) ? Infinity : d);
    scale = Math.max(scale, Math.abs(y));
  }
  const ratio = diff === 0 ? 0 : diff / scale;
  return { diff, scale, ratio, note: '' };
}
