import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { architectureNames } from '@zoo/models';
import { readModel, readTensor } from '@zoo/onnx';
import { afterAll, describe, expect, it } from 'vitest';
import { runZoo } from '../testing.js';

const dir = mkdtempSync(join(tmpdir(), 'zoo-export-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The official checker (onnx 1.12); returns the input's dims. It checks
 * the loaded model: given a path with full_check, onnx 1.12 writes the
 * shape-inferred model back into the file.
 */
function check(path: string): (string | number)[] {
  const code = `
import json, sys, onnx
m = onnx.load(sys.argv[1])
onnx.checker.check_model(m, full_check=True)
d = m.graph.input[0].type.tensor_type.shape.dim
print(json.dumps([x.dim_param or x.dim_value for x in d]))`;
  const out = execFileSync('/usr/bin/python3', ['-c', code, path], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as (string | number)[];
}

describe('zoo export', () => {
  it('--list prints architectureNames(), one per line', async () => {
    const run = await runZoo('export', '--list');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(architectureNames().join('\n') + '\n');
  });

  it('writes a checked, seeded model', async () => {
    const a = join(dir, 'mlp-a.onnx');
    const run = await runZoo('export', 'mlp', '-o', a, '--seed', '3');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /mlp, input 28x28x1 \(the file's is NCHW 1x28x28\), 400906 parameters in 10 tensors/,
    );
    expect(check(a)).toEqual(['N', 1, 28, 28]);

    const b = join(dir, 'mlp-b.onnx');
    expect((await runZoo('export', 'mlp', '-o', b, '--seed', '3')).code).toBe(
      0,
    );
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);

    // glorot-uniform's bound for fc1 [256, 784]; biases zeros.
    const model = await readModel(a);
    const w = readTensor(model, 'fc1.weight') as Float32Array;
    const bound = Math.sqrt(6 / (784 + 256));
    const max = w.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(max).toBeLessThanOrEqual(bound);
    expect(max).toBeGreaterThan(0.99 * bound);
    const bias = readTensor(model, 'fc1.bias') as Float32Array;
    expect(bias.every((v) => v === 0)).toBe(true);
  });

  it('takes --input as a size and --scheme, --seed', async () => {
    const out = join(dir, 'alexnet32.onnx');
    const run = await runZoo(
      'export',
      'alexnet',
      '--input',
      '32x32x3',
      '--scheme',
      'he-normal',
      '--seed',
      '5',
      '-o',
      out,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(check(out)).toEqual(['N', 3, 32, 32]);
  });

  it('refuses an existing output unless --force', async () => {
    const out = join(dir, 'exists.onnx');
    writeFileSync(out, 'x');
    const run = await runZoo('export', 'mlp', '-o', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/must not exist/);
    expect(readFileSync(out, 'utf8')).toBe('x');
    expect((await runZoo('export', 'mlp', '-o', out, '--force')).code).toBe(0);
  });

  it('lists the known architectures for a bad name', async () => {
    const run = await runZoo('export', 'resnet', '-o', join(dir, 'r.onnx'));
    expect(run.code).toBe(1);
    for (const name of architectureNames()) {
      expect(run.stderr).toContain(name);
    }
  });

  it('exits 1 on a bad value, 2 on bad usage', async () => {
    const out = join(dir, 'bad.onnx');
    const bad = await runZoo('export', 'alexnet', '--input', '33', '-o', out);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--input must be one of .*224x224x3/);
    expect(
      (await runZoo('export', 'mlp', '--seed', '1.5', '-o', out)).code,
    ).toBe(1);
    expect((await runZoo('export', 'mlp')).code).toBe(2);
    expect((await runZoo('export', '-o', out)).code).toBe(2);
    expect((await runZoo('export', 'mlp', '-o', out, '--nope')).code).toBe(2);
  });
});
