import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type FillChunk,
  listWeights,
  readModel,
  writeModel,
} from '../src/index.js';
import { gunzipFixture, python, tempDir } from './helpers.js';
import { runLogits } from './ort.js';

// The big one: ~20 s on 2 cores (gunzip, parse, write, checker, run).
// Set ZOO_SKIP_BIG=1 to skip it.
const tmp = tempDir();
afterAll(() => tmp.remove());

const fill: FillChunk = (out, start) => {
  for (let i = 0; i < out.length; i++)
    out[i] = (((start + i) % 1013) - 506) / 65536;
};

describe.skipIf(process.env.ZOO_SKIP_BIG === '1')('VGG16 (553 MB)', () => {
  it('13 conv + 3 Gemm weights; all re-written, only data bytes change', async () => {
    const path = await gunzipFixture('vgg16-torchvision-op13.onnx.gz', tmp.dir);
    const model = await readModel(path);
    const ws = listWeights(model);
    expect(
      ws.filter((w) => w.role === 'conv' && w.layout === 'OIHW'),
    ).toHaveLength(13);
    expect(
      ws.filter((w) => w.role === 'gemm' && w.layout === 'OI'),
    ).toHaveLength(3);
    expect(ws.filter((w) => w.role === 'bias')).toHaveLength(16);
    const out = join(tmp.dir, 'vgg16.onnx');
    const reps = new Map(
      ws.filter((w) => w.isWeight).map((w) => [w.name, fill]),
    );
    await writeModel(model, out, reps);

    // Outside the replaced raw_data ranges, the output equals the input.
    const a = model.bytes;
    const b = readFileSync(out);
    expect(b.length).toBe(a.length);
    let pos = 0;
    const ranges = model.tensors
      .filter((t) => reps.has(t.name))
      .map((t) => t.dataFields[0])
      .sort((x, y) => (x?.valueStart ?? 0) - (y?.valueStart ?? 0));
    for (const f of ranges) {
      if (f === undefined) continue;
      expect(
        Buffer.compare(
          a.subarray(pos, f.valueStart),
          b.subarray(pos, f.valueStart),
        ),
      ).toBe(0);
      pos = f.end;
    }
    expect(Buffer.compare(a.subarray(pos), b.subarray(pos))).toBe(0);

    python('import sys, onnx; onnx.checker.check_model(sys.argv[1])', out);
    const { dims, data } = await runLogits(out);
    expect(dims).toEqual([1, 1000]);
    expect(data.every(Number.isFinite) && data.some((v) => v !== 0)).toBe(true);
  });
});
