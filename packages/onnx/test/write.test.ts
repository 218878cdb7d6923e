import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FillChunk,
  OnnxArgumentError,
  listWeights,
  parseModel,
  readModel,
  writeModel,
} from '../src/index.js';
import { makeModels, python, sameExceptData, tempDir } from './helpers.js';

const tmp = tempDir();
const at = (name: string): string => join(tmp.dir, name);

beforeAll(() => makeModels(tmp.dir));
afterAll(() => tmp.remove());

/** k * float32(1e-3), k = (7919 i) mod 1000 - 500, rounded to float32. */
const STEP = Math.fround(1e-3);
const fill: FillChunk = (out, start) => {
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.fround(((((start + i) * 7919) % 1000) - 500) * STEP);
  }
};

/** The same values from numpy, cast by numpy / torch to each stored type. */
const CHECK_VALUES = `
import json, sys, numpy as np, onnx, torch
from onnx import numpy_helper as nh
m = onnx.load(sys.argv[1])
bad = []
for t in m.graph.initializer:
    if t.name not in json.loads(sys.argv[2]):
        continue
    got = nh.to_array(t).ravel()
    k = (np.arange(got.size, dtype=np.int64) * 7919) % 1000 - 500
    want = k.astype(np.float32) * np.float32(1e-3)
    if t.data_type == onnx.TensorProto.BFLOAT16:
        want = torch.from_numpy(want).to(torch.bfloat16).float().numpy()
    else:
        want = want.astype(got.dtype)
    if not np.array_equal(got.astype(np.float64), want.astype(np.float64)):
        bad.append(t.name)
print(json.dumps(bad))
`;

function wrongValues(path: string, names: readonly string[]): string[] {
  return JSON.parse(
    python(CHECK_VALUES, path, JSON.stringify(names)),
  ) as string[];
}

describe('writeModel on hand-built models', () => {
  it('is byte-identical when nothing is replaced', async () => {
    for (const name of [
      'layouts',
      'shared',
      'halfs',
      'dtypes',
      'ir3',
      'nested',
    ]) {
      const out = at(`${name}.same.onnx`);
      await writeModel(await readModel(at(`${name}.onnx`)), out, {});
      expect(
        readFileSync(out).equals(readFileSync(at(`${name}.onnx`))),
        name,
      ).toBe(true);
    }
  });

  it('replaces every weight and changes nothing else', async () => {
    for (const name of ['layouts', 'shared', 'halfs', 'ir3', 'nested']) {
      const model = await readModel(at(`${name}.onnx`));
      const names = listWeights(model)
        .filter((w) => w.isWeight)
        .map((w) => w.name);
      const reps = new Map(names.map((n) => [n, fill]));
      const out = at(`${name}.new.onnx`);
      await writeModel(model, out, reps, { chunkElements: 7 });
      expect(sameExceptData(at(`${name}.onnx`), out, names), name).toBe(true);
      expect(wrongValues(out, names), name).toEqual([]);
      const again = await readModel(out);
      expect(again.tensors.map((t) => t.storage)).toEqual(
        model.tensors.map((t) => t.storage),
      );
    }
  });

  it('replaces a Constant-node weight in place', async () => {
    const model = await readModel(at('shared.onnx'));
    const out = at('shared.const.onnx');
    await writeModel(model, out, { cb: new Float32Array([1, 2, 3, 4]) });
    expect(sameExceptData(at('shared.onnx'), out, ['cb'])).toBe(true);
    const got = python(
      `import onnx,sys; from onnx import numpy_helper as nh
m = onnx.load(sys.argv[1]); print(nh.to_array(m.graph.node[0].attribute[0].t).tolist())`,
      out,
    );
    expect(got.trim()).toBe('[1.0, 2.0, 3.0, 4.0]');
  });

  it('keeps a field unknown to onnx (number 9999) after ModelProto', async () => {
    const extra = Uint8Array.from([0xfa, 0xe1, 0x04, 3, 0x61, 0x62, 0x63]);
    const source = readFileSync(at('layouts.onnx'));
    const input = at('unknown.onnx');
    writeFileSync(input, Buffer.concat([source, extra]));
    const model = await readModel(input);
    const out = at('unknown.new.onnx');
    await writeModel(model, out, { 'conv.w': fill, 'fc1.w': fill });
    const bytes = readFileSync(out);
    expect(bytes.subarray(bytes.length - extra.length)).toEqual(
      Buffer.from(extra),
    );
    expect(sameExceptData(input, out, ['conv.w', 'fc1.w'])).toBe(true);
  });

  it('refuses bad outputs and bad replacements, leaving nothing', async () => {
    const input = at('layouts.onnx');
    const model = await readModel(input);
    const before = readdirSync(tmp.dir).sort();
    const rejects = (p: Promise<unknown>, re: RegExp) =>
      expect(p).rejects.toThrow(re);
    await rejects(
      writeModel(model, input, {}, { force: true }),
      /must not be the input/,
    );
    await rejects(writeModel(model, at('shared.onnx'), {}), /must not exist/);
    await rejects(
      writeModel(model, at('x.onnx'), { nope: fill }),
      /got "nope"/,
    );
    await rejects(
      writeModel(model, at('x.onnx'), { shape: fill }),
      /got int64/,
    );
    await rejects(
      writeModel(model, at('x.onnx'), { 'conv.b': new Float32Array(5) }),
      /must have 6 values; got 5/,
    );
    await expect(
      writeModel(model, at('x.onnx'), { 'fc1.w': fill }, { chunkElements: 0 }),
    ).rejects.toBeInstanceOf(OnnxArgumentError);
    const boom: FillChunk = (_out, start) => {
      if (start > 100) throw new Error('generator failed');
    };
    await rejects(
      writeModel(model, at('x.onnx'), { 'fc1.w': boom }, { chunkElements: 50 }),
      /generator failed/,
    );
    expect(readdirSync(tmp.dir).sort()).toEqual(before);
  });

  it('overwrites an existing output only with force', async () => {
    const out = at('forced.onnx');
    writeFileSync(out, 'old');
    const model = parseModel(readFileSync(at('ir3.onnx')), { path: 'mem' });
    await writeModel(model, out, { w: fill }, { force: true });
    expect(sameExceptData(at('ir3.onnx'), out, ['w'])).toBe(true);
  });
});

describe('writeModel output checks', () => {
  /** A folder holding a FIFO, a device node, links to them and a folder. */
  function specials(): string {
    const dir = at('specials');
    mkdirSync(dir);
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    // Our own node (major 1, minor 3: /dev/null's), never the real one.
    execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3']);
    symlinkSync(join(dir, 'fifo'), join(dir, 'to-fifo'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    mkdirSync(join(dir, 'folder'));
    return dir;
  }

  it('refuses to replace what is not a regular file, even with force', async () => {
    const dir = specials();
    const before = readdirSync(dir).sort();
    const model = await readModel(at('ir3.onnx'));
    const cases: [string, RegExp][] = [
      ['fifo', /^output \S+fifo must be a regular file; got a FIFO$/],
      [
        'null',
        /^output \S+null must be a regular file; got a character device$/,
      ],
      ['to-fifo', /^output \S+to-fifo must be a regular file; got a FIFO$/],
      ['dangling', /must be a regular file; got a symbolic link to nothing$/],
      ['folder', /^output \S+folder is a directory$/],
    ];
    for (const [name, message] of cases) {
      for (const options of [{ force: true }, {}, { dryRun: true }]) {
        await expect(
          writeModel(model, join(dir, name), { w: fill }, options),
          name,
        ).rejects.toThrow(message);
      }
    }
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('refuses a data file target that is not a regular file', async () => {
    const model = await readModel(at('ext/model.onnx'));
    const dir = at('special-data');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    execFileSync('mkfifo', [join(dir, 'sub', 'fc.bin')]);
    await expect(
      writeModel(model, join(dir, 'model.onnx'), {}, { force: true }),
    ).rejects.toThrow(
      /^output data file \S+sub\/fc\.bin must be a regular file; got a FIFO$/,
    );
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual([
      'sub',
      'sub/fc.bin',
    ]);
  });

  it('names the folder it cannot write in', async () => {
    const model = await readModel(at('ir3.onnx'));
    const missing = at('no-such-folder');
    await expect(
      writeModel(model, join(missing, 'out.onnx'), {}),
    ).rejects.toThrow(
      `cannot write in ${missing}: the output folder must exist`,
    );
    const file = at('a-file');
    writeFileSync(file, '');
    await expect(
      writeModel(model, join(file, 'out.onnx'), {}, { dryRun: true }),
    ).rejects.toThrow(
      `cannot write in ${file}: the output folder is a regular file`,
    );
  });

  it('runs every check on a dry run and writes nothing', async () => {
    const model = await readModel(at('ext/model.onnx'));
    const dir = at('dry');
    mkdirSync(dir);
    const result = await writeModel(
      model,
      join(dir, 'm.onnx'),
      {},
      {
        dryRun: true,
      },
    );
    expect(result.dataFiles).toEqual([
      join(dir, 'w.bin'),
      join(dir, 'sub', 'fc.bin'),
    ]);
    expect(readdirSync(dir)).toEqual([]);
    await expect(
      writeModel(
        model,
        at('ext/model.onnx'),
        {},
        { dryRun: true, force: true },
      ),
    ).rejects.toThrow(/must not be the input/);
    await expect(
      writeModel(model, at('shared.onnx'), {}, { dryRun: true }),
    ).rejects.toThrow(/must not exist \(use options\.force to overwrite\)/);
  });
});
