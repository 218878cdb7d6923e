import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OnnxFormatError,
  readModel,
  readTensor,
  writeModel,
} from '../src/index.js';
import {
  makeModels,
  numpyValues,
  python,
  sameExceptData,
  tempDir,
} from './helpers.js';

const tmp = tempDir();
const ext = (...p: string[]): string => join(tmp.dir, 'ext', ...p);
const hash = (p: string): string =>
  createHash('sha256').update(readFileSync(p)).digest('hex');
const ramp = (n: number, k: number): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => k + i / 64);

beforeAll(() => makeModels(tmp.dir));
afterAll(() => tmp.remove());

/** Copies the external model to `name/` with the `w` tensor's entries changed. */
function variant(name: string, entries: Record<string, string>): string {
  const dir = join(tmp.dir, name);
  cpSync(ext(), dir, { recursive: true });
  python(
    `import json, sys, onnx
m = onnx.load(sys.argv[1], load_external_data=False)
t = [x for x in m.graph.initializer if x.name == 'w'][0]
for e in t.external_data:
    e.value = json.loads(sys.argv[2]).get(e.key, e.value)
onnx.save(m, sys.argv[1])`,
    join(dir, 'model.onnx'),
    JSON.stringify(entries),
  );
  return join(dir, 'model.onnx');
}

describe('external data', () => {
  it('reads values in one and several files as numpy does', async () => {
    const m = await readModel(ext('model.onnx'));
    const want = numpyValues(ext('model.onnx'), ['w', 'b', 'fc']);
    expect(
      m.tensors.map((t) => [t.name, t.storage, t.external?.location]),
    ).toEqual([
      ['w', 'external', 'w.bin'],
      ['b', 'raw_data', undefined],
      ['fc', 'external', 'sub/fc.bin'],
    ]);
    for (const n of ['w', 'b', 'fc']) {
      expect(Array.from(readTensor(m, n) as Float32Array)).toEqual(
        (want[n] ?? []).map(Number),
      );
    }
  });

  it('writes data files next to the output, same offsets, other bytes kept', async () => {
    const m = await readModel(ext('model.onnx'));
    const out = join(tmp.dir, 'o1');
    mkdirSync(out);
    const r = await writeModel(m, join(out, 'm.onnx'), {
      w: ramp(108, 1),
      fc: ramp(72, 2),
      b: ramp(4, 3),
    });
    expect(r.dataFiles).toEqual([
      join(out, 'w.bin'),
      join(out, 'sub', 'fc.bin'),
    ]);
    expect(
      sameExceptData(ext('model.onnx'), join(out, 'm.onnx'), ['w', 'fc', 'b']),
    ).toBe(true);
    const got = numpyValues(join(out, 'm.onnx'), ['w', 'fc', 'b']);
    expect(got.w?.map(Number)).toEqual(Array.from(ramp(108, 1)));
    expect(got.fc?.map(Number)).toEqual(Array.from(ramp(72, 2)));
    expect(got.b?.map(Number)).toEqual(Array.from(ramp(4, 3)));
    const a = readFileSync(ext('w.bin'));
    const b = readFileSync(join(out, 'w.bin'));
    expect(b.length).toBe(a.length);
    expect(b.subarray(0, 16).equals(a.subarray(0, 16))).toBe(true);
    expect(b.subarray(16 + 432).equals(a.subarray(16 + 432))).toBe(true);
  });

  it('copies model and data byte for byte when nothing is replaced', async () => {
    const out = join(tmp.dir, 'o2');
    mkdirSync(out);
    await writeModel(
      await readModel(ext('model.onnx')),
      join(out, 'model.onnx'),
      {},
    );
    for (const f of ['model.onnx', 'w.bin', 'sub/fc.bin']) {
      expect(hash(join(out, f)), f).toBe(hash(ext(f)));
    }
  });

  it('renames data files that would overwrite the input data', async () => {
    const before = ['model.onnx', 'w.bin', 'sub/fc.bin'].map((f) =>
      hash(ext(f)),
    );
    const m = await readModel(ext('model.onnx'));
    const r = await writeModel(m, ext('re.onnx'), { w: ramp(108, 5) });
    expect([...r.relocated]).toEqual([
      ['w.bin', 're.w.bin'],
      ['sub/fc.bin', 'sub/re.fc.bin'],
    ]);
    expect(
      ['model.onnx', 'w.bin', 'sub/fc.bin'].map((f) => hash(ext(f))),
    ).toEqual(before);
    expect(hash(ext('sub', 're.fc.bin'))).toBe(hash(ext('sub', 'fc.bin')));
    expect(sameExceptData(ext('model.onnx'), ext('re.onnx'), ['w'], true)).toBe(
      true,
    );
    const again = await readModel(ext('re.onnx'));
    expect(again.tensors.map((t) => t.external?.location)).toEqual([
      're.w.bin',
      undefined,
      'sub/re.fc.bin',
    ]);
    expect(Array.from(readTensor(again, 'w') as Float32Array)).toEqual(
      Array.from(ramp(108, 5)),
    );
    await expect(writeModel(m, ext('re.onnx'), {})).rejects.toThrow(
      /must not exist/,
    );
  });

  it('leaves no data file behind when a write fails', async () => {
    const out = join(tmp.dir, 'o3');
    mkdirSync(out);
    const m = await readModel(ext('model.onnx'));
    const boom = (): void => {
      throw new Error('generator failed');
    };
    await expect(
      writeModel(m, join(out, 'm.onnx'), { w: ramp(108, 1), fc: boom }),
    ).rejects.toThrow(/generator failed/);
    expect(readdirSync(out, { recursive: true })).toEqual([]);
  });

  it('refuses unsafe or inconsistent external data', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ location: '../ext/w.bin' }, /must not contain `\.\.`/],
      [{ location: 'sub/../w.bin' }, /must not contain `\.\.`/],
      [{ location: '/etc/passwd' }, /must be relative/],
      [{ location: 'missing.bin' }, /must exist/],
      [
        { length: '999999' },
        /length must equal dims x element size = 432; got 999999/,
      ],
      [
        { offset: '100' },
        /range must lie inside w\.bin \(456 bytes\); got offset 100/,
      ],
      [{ offset: '-1' }, /offset must be a non-negative integer/],
    ];
    for (const [i, [entries, re]] of cases.entries()) {
      const path = variant(`bad${i}`, entries);
      const err = await readModel(path).catch((e: unknown) => e);
      expect(err, JSON.stringify(entries)).toBeInstanceOf(OnnxFormatError);
      expect((err as Error).message).toMatch(re);
      expect((err as OnnxFormatError).path).toContain(path);
    }
  });

  it('refuses a symlink that resolves outside the model folder', async () => {
    const path = variant('link', { location: 'link.bin' });
    const outside = join(tmp.dir, 'outside.bin');
    writeFileSync(outside, Buffer.alloc(1000));
    symlinkSync(outside, join(tmp.dir, 'link', 'link.bin'));
    await expect(readModel(path)).rejects.toThrow(
      /stay inside the model folder/,
    );
    expect(existsSync(outside)).toBe(true);
  });
});
