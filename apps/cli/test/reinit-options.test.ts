import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZoo } from '../src/testing.js';
import {
  FIXTURES,
  expectRuns,
  expectTargets,
  gunzipFixture,
  listDir,
  reference,
  sha256,
  tempDir,
  verify,
} from './support.js';

// The options of `zoo reinit`, each checked on the written file in Python:
// --rules, --gain auto, --bias, --dry-run, --force, --seed. About 1 min
// on 2 cores (three AlexNet writes).

const tmp = tempDir('zoo-cli-options-');
const SQUEEZENET = join(FIXTURES, 'squeezenet1_1-torchvision-op11.onnx');
let alexnet = '';
let count = 0;

beforeAll(async () => {
  alexnet = await gunzipFixture('alexnet-torchvision-op13.onnx.gz', tmp.dir);
});
afterAll(() => tmp.remove());

/** A fresh empty folder. */
function freshDir(): string {
  const dir = join(tmp.dir, `run${count++}`);
  mkdirSync(dir);
  return dir;
}

/** `zoo reinit input -o <fresh>/out.onnx ...args`, expecting success. */
async function reinit(input: string, ...args: string[]) {
  const out = join(freshDir(), 'out.onnx');
  const run = await runZoo('reinit', input, '-o', out, ...args);
  expect(run.code, run.stderr).toBe(0);
  return { out, stdout: run.stdout };
}

describe('zoo reinit --rules', () => {
  it('by op, by name glob and role; first match wins (AlexNet)', async () => {
    const rules = join(tmp.dir, 'rules.json');
    writeFileSync(
      rules,
      JSON.stringify({
        rules: [
          {
            name: 'classifier.6.*',
            role: 'bias',
            scheme: 'constant',
            options: { value: 2 },
          },
          {
            op: 'Gemm',
            role: 'gemm',
            scheme: 'normal',
            options: { std: 0.01 },
          },
          {
            name: 'classifier.*',
            role: 'bias',
            scheme: 'constant',
            options: { value: 1 },
          },
          // Every Gemm tensor matched a rule above: this one never wins.
          { op: 'Gemm', scheme: 'zeros' },
        ],
      }),
    );
    const { out, stdout } = await reinit(
      alexnet,
      '--scheme',
      'he-normal',
      '--rules',
      rules,
    );
    expect(stdout).toMatch(/classifier\.6\.bias .*constant .*rule 1/);
    expect(stdout).toMatch(/classifier\.4\.weight .*normal .*rule 2/);
    expect(stdout).toMatch(/classifier\.1\.bias .*constant .*rule 3/);
    expect(stdout).toMatch(/features\.0\.weight .*he-normal .*--scheme/);
    const v = verify(alexnet, out, { scheme: 'he-normal' });
    const gemms = v.weights.filter((w) => w.op === 'Gemm');
    expect(gemms).toHaveLength(3);
    for (const w of gemms) {
      // N(0, 0.01^2), >= 4M elements: the std is within 1%.
      expect(Math.abs(w.std / 0.01 - 1), w.name).toBeLessThan(0.01);
      expect(Math.abs(w.mean), w.name).toBeLessThan(1e-4);
    }
    expectTargets(v.weights.filter((w) => w.op === 'Conv'));
    const bias = new Map(v.biases.map((b) => [b.name, b]));
    for (const name of ['classifier.1.bias', 'classifier.4.bias']) {
      expect(bias.get(name)).toMatchObject({ mean: 1, std: 0, maxAbs: 1 });
    }
    expect(bias.get('classifier.6.bias')).toMatchObject({ mean: 2, std: 0 });
    const convBiases = v.biases.filter((b) => b.name.startsWith('features'));
    expect(convBiases).toHaveLength(5);
    for (const b of convBiases) expect(b.maxAbs, b.name).toBe(0);
  });
});

describe('zoo reinit --gain auto', () => {
  it('orthogonal: ReLU layers get W W^T = 2 I (SqueezeNet)', async () => {
    const { out } = await reinit(
      SQUEEZENET,
      '--scheme',
      'orthogonal',
      '--gain',
      'auto',
      '--quiet',
    );
    const v = verify(SQUEEZENET, out, {
      scheme: 'orthogonal',
      gain: 'auto',
      orthogonal: true,
    });
    expect(v.weights).toHaveLength(26);
    for (const w of v.weights) {
      expect(w.activation, w.name).toBe('relu');
      expect(w.gramError, `${w.name}: gram = 2 I`).toBeLessThan(1e-4);
    }
    // A conv with out <= in k k, where W W^T (not W^T W) is 2 I.
    const wide = v.weights.find(
      (w) => w.name === 'features.3.expand3x3.weight',
    );
    expect(wide?.shape).toEqual([64, 16, 3, 3]);
    expectTargets(v.weights);
    await expectRuns(out);
  });

  it('glorot-uniform: relu layers x sqrt 2, fc8 linear x 1 (AlexNet)', async () => {
    const { out } = await reinit(
      alexnet,
      '--scheme',
      'glorot-uniform',
      '--gain',
      'auto',
      '--quiet',
    );
    const v = verify(alexnet, out, { scheme: 'glorot-uniform', gain: 'auto' });
    const acts = Object.fromEntries(
      v.weights.map((w) => [w.name, w.activation]),
    );
    expect(acts).toEqual({
      'features.0.weight': 'relu',
      'features.3.weight': 'relu',
      'features.6.weight': 'relu',
      'features.8.weight': 'relu',
      'features.10.weight': 'relu',
      'classifier.1.weight': 'relu',
      'classifier.4.weight': 'relu',
      'classifier.6.weight': 'linear',
    });
    expectTargets(v.weights);
  });
});

describe('zoo reinit --bias', () => {
  it('torch-legacy: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) of the layer (AlexNet)', async () => {
    const { out } = await reinit(
      alexnet,
      '--scheme',
      'he-normal',
      '--bias',
      'torch-legacy',
      '--quiet',
    );
    const v = verify(alexnet, out, { scheme: 'he-normal' });
    expectTargets(v.weights);
    expect(v.biases).toHaveLength(8);
    for (const b of v.biases) {
      const bound = 1 / Math.sqrt(b.fanIn);
      expect(b.maxAbs, b.name).toBeLessThanOrEqual(bound * (1 + 1e-6));
      expect(b.std, b.name).toBeGreaterThan(0);
    }
    // fc8: 1000 values of U(-1/64, 1/64). The std of a sample std of a
    // uniform is about 0.45 / sqrt(n) = 1.4% relative: 6% is over 4 of it.
    const fc8 = v.biases.find((b) => b.name === 'classifier.6.bias')!;
    expect(fc8.n).toBe(1000);
    const std = 1 / Math.sqrt(4096) / Math.sqrt(3);
    expect(Math.abs(fc8.std / std - 1)).toBeLessThan(0.06);
    expect(fc8.maxAbs).toBeGreaterThan(0.95 / 64);
  });

  it('constant:0.1: every bias is float32(0.1) (SqueezeNet)', async () => {
    const { out } = await reinit(
      SQUEEZENET,
      '--scheme',
      'he-uniform',
      '--bias',
      'constant:0.1',
      '--quiet',
    );
    const v = verify(SQUEEZENET, out, { scheme: 'he-uniform' });
    expect(v.biases.length).toBeGreaterThan(0);
    for (const b of v.biases) {
      expect(b, b.name).toMatchObject({
        mean: Math.fround(0.1),
        std: 0,
        maxAbs: Math.fround(0.1),
      });
    }
  });
});

describe('zoo reinit --dry-run, --force, --seed', () => {
  it('--dry-run prints the plan and writes nothing', async () => {
    const dir = freshDir();
    const run = await runZoo(
      'reinit',
      SQUEEZENET,
      '-o',
      join(dir, 'out.onnx'),
      '--scheme',
      'he-normal',
      '--dry-run',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/features\.0\.weight .*he-normal/);
    expect(run.stdout).toMatch(/dry run: \d+ weights planned, nothing written/);
    expect(listDir(dir)).toEqual([]);
    const noOutput = await runZoo(
      'reinit',
      SQUEEZENET,
      '--scheme',
      'he-normal',
      '--dry-run',
      '--quiet',
    );
    expect(noOutput.code, noOutput.stderr).toBe(0);
    expect(noOutput.stdout).toMatch(/^dry run: /);
  });

  it('--force is needed to overwrite an existing output', async () => {
    const dir = freshDir();
    const out = join(dir, 'out.onnx');
    writeFileSync(out, 'keep me');
    const args = ['reinit', SQUEEZENET, '-o', out, '--scheme', 'he-normal'];
    const refused = await runZoo(...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: .*must not exist \(use --force/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect(listDir(dir)).toEqual(['out.onnx']);
    const forced = await runZoo(...args, '--force', '--quiet');
    expect(forced.code, forced.stderr).toBe(0);
    expect(listDir(dir)).toEqual(['out.onnx']);
    verify(SQUEEZENET, out, { scheme: 'he-normal' });
  });

  it('--seed must be an integer in [0, 2^53)', async () => {
    for (const seed of ['-1', '1.5', 'abc', '', '9007199254740992', 'NaN']) {
      const run = await runZoo(
        'reinit',
        SQUEEZENET,
        '--scheme',
        'he-normal',
        '--dry-run',
        `--seed=${seed}`,
      );
      expect(run.code, `--seed=${seed}`).toBe(1);
      expect(run.stderr).toContain(
        `error: --seed must be a decimal integer in [0, 2^53); got '${seed}'`,
      );
    }
    const max = await runZoo(
      'reinit',
      SQUEEZENET,
      '--scheme',
      'he-normal',
      '--dry-run',
      '--quiet',
      '--seed',
      '9007199254740991',
    );
    expect(max.code, max.stderr).toBe(0);
  });

  it('--seed takes decimal digits only', async () => {
    for (const seed of ['0x10', '0b11', '1e3', ' 7 ']) {
      const run = await runZoo(
        'reinit',
        SQUEEZENET,
        '--scheme',
        'he-normal',
        '--dry-run',
        `--seed=${seed}`,
      );
      expect(run.code, `--seed=${seed}`).toBe(1);
    }
  });

  it('seed 0 is the default: same bytes as --seed 0', async () => {
    const a = await reinit(SQUEEZENET, '--scheme', 'lecun-normal', '--quiet');
    const b = await reinit(
      SQUEEZENET,
      '--scheme',
      'lecun-normal',
      '--quiet',
      '--seed',
      '0',
    );
    expect(sha256(a.out)).toBe(sha256(b.out));
  });
});

describe('the Python reference itself', () => {
  it('tells a he-normal file from a glorot-normal target', async () => {
    const { out } = await reinit(
      SQUEEZENET,
      '--scheme',
      'he-normal',
      '--quiet',
    );
    const v = reference<{ weights: Parameters<typeof expectTargets>[0] }>(
      'verify',
      SQUEEZENET,
      out,
      JSON.stringify({ scheme: 'glorot-normal' }),
    );
    expect(() => expectTargets(v.weights)).toThrow(/std/);
  });
});
