import { cpSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZoo } from '../src/testing.js';
import {
  FIXTURES,
  expectRuns,
  expectTargets,
  listDir,
  reference,
  sha256,
  tempDir,
  verify,
} from './support.js';

// SqueezeNet with its tensors over 1 KiB in external data (weights.bin):
// the data stays external, the input's files are never touched. ~5 s.

const tmp = tempDir('zoo-cli-external-');
const source = join(tmp.dir, 'source');
const input = join(source, 'model.onnx');
const data = join(source, 'weights.bin');
let hashes: Record<string, string> = {};

beforeAll(() => {
  cpSync(join(FIXTURES, 'squeezenet1_1-external'), source, {
    recursive: true,
  });
  hashes = { model: sha256(input), data: sha256(data) };
});
afterAll(() => tmp.remove());

/** The external locations of the model at `path`, as onnx reads them. */
function locations(path: string): Record<string, string> {
  return reference<Record<string, string>>('locations', path);
}

describe('zoo reinit on external data', () => {
  it('into another folder: data stays external, beside the output', async () => {
    const dir = join(tmp.dir, 'other');
    mkdirSync(dir);
    const out = join(dir, 'reinit.onnx');
    const run = await runZoo(
      'reinit',
      input,
      '-o',
      out,
      '--scheme',
      'he-normal',
      '--quiet',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/and 1 external data file\(s\)/);
    expect(listDir(dir)).toEqual(['reinit.onnx', 'weights.bin']);
    // The model stays small: the weights are in the data file.
    expect(statSync(out).size).toBe(statSync(input).size);
    expect(statSync(out).size).toBeLessThan(64 * 1024);
    expect(statSync(join(dir, 'weights.bin')).size).toBe(statSync(data).size);
    const before = locations(input);
    expect(Object.keys(before).length).toBeGreaterThan(0);
    expect(locations(out)).toEqual(before);
    // Checker with the path (it reads the data file), same structure.
    const v = verify(input, out, { scheme: 'he-normal' });
    expect(v.weights).toHaveLength(26);
    expectTargets(v.weights);
    for (const b of v.biases) expect(b.maxAbs, b.name).toBe(0);
    await expectRuns(out);
    expect({ model: sha256(input), data: sha256(data) }).toEqual(hashes);
  });

  it('into the same folder: a new data file, weights.bin unchanged', async () => {
    const out = join(source, 'reinit.onnx');
    const run = await runZoo(
      'reinit',
      input,
      '-o',
      out,
      '--scheme',
      'glorot-uniform',
      '--quiet',
    );
    expect(run.code, run.stderr).toBe(0);
    expect({ model: sha256(input), data: sha256(data) }).toEqual(hashes);
    const files = listDir(source);
    expect(files).toHaveLength(4);
    expect(files).toContain('reinit.onnx');
    const [newData] = files.filter(
      (f) => !['model.onnx', 'weights.bin', 'reinit.onnx'].includes(f),
    );
    expect(newData).toBeDefined();
    const moved = locations(out);
    expect(Object.keys(moved).sort()).toEqual(
      Object.keys(locations(input)).sort(),
    );
    expect(new Set(Object.values(moved))).toEqual(new Set([newData]));
    const v = verify(input, out, {
      scheme: 'glorot-uniform',
      ignoreLocations: true,
    });
    expectTargets(v.weights);
    await expectRuns(out);

    // Again with --force: the same files, nothing left over.
    const again = await runZoo(
      'reinit',
      input,
      '-o',
      out,
      '--scheme',
      'glorot-uniform',
      '--quiet',
      '--force',
    );
    expect(again.code, again.stderr).toBe(0);
    expect(listDir(source)).toEqual(files);
    expect({ model: sha256(input), data: sha256(data) }).toEqual(hashes);
  });

  it('an existing data file beside the output needs --force', async () => {
    const dir = join(tmp.dir, 'taken');
    mkdirSync(dir);
    const out = join(dir, 'reinit.onnx');
    cpSync(data, join(dir, 'weights.bin'));
    const taken = sha256(join(dir, 'weights.bin'));
    const run = await runZoo(
      'reinit',
      input,
      '-o',
      out,
      '--scheme',
      'he-normal',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*data file must not exist/);
    expect(listDir(dir)).toEqual(['weights.bin']);
    expect(sha256(join(dir, 'weights.bin'))).toBe(taken);
  });
});
