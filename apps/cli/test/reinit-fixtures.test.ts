import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZoo } from '../src/testing.js';
import {
  FIXTURES,
  type VerifySpec,
  expectRuns,
  expectTargets,
  gunzipFixture,
  reference,
  sha256,
  tempDir,
  verify,
} from './support.js';

// Every fixture through `zoo reinit` with the main schemes; each output is
// checked by onnx.checker, compared with its input in Python, measured
// against the papers' stds (computed in Python) and run in onnxruntime.
// About 2-3 min on 2 cores; VGG16 (553 MB) adds ~1 min, ZOO_SKIP_BIG=1
// skips it.

interface Case {
  readonly scheme: string;
  readonly args: readonly string[];
  readonly spec: VerifySpec;
}

const plain = (scheme: string): Case => ({
  scheme,
  args: [],
  spec: { scheme },
});

const CASES: readonly Case[] = [
  plain('he-normal'),
  plain('he-uniform'),
  plain('glorot-uniform'),
  plain('glorot-normal'),
  plain('lecun-normal'),
  plain('lecun-uniform'),
  plain('torch-legacy'),
  {
    scheme: 'normal',
    args: ['--std', '0.01'],
    spec: { scheme: 'normal', options: { std: 0.01 } },
  },
];

const ORTHOGONAL: Case = {
  scheme: 'orthogonal',
  args: [],
  spec: { scheme: 'orthogonal', orthogonal: true },
};

interface Fixture {
  readonly label: string;
  readonly file: string;
  readonly layers: number;
  readonly cases: readonly Case[];
}

const FIXTURE_LIST: readonly Fixture[] = [
  {
    label: 'SqueezeNet 1.1 op11',
    file: 'squeezenet1_1-torchvision-op11.onnx',
    layers: 26,
    cases: [...CASES, ORTHOGONAL],
  },
  {
    label: 'AlexNet op13',
    file: 'alexnet-torchvision-op13.onnx.gz',
    layers: 8,
    cases: CASES,
  },
  {
    label: 'AlexNet op9, initializers as inputs',
    file: 'alexnet-torchvision-op9-initializers-as-inputs.onnx.gz',
    layers: 8,
    cases: CASES,
  },
];

const tmp = tempDir('zoo-cli-fixtures-');
const inputs = new Map<string, string>();

beforeAll(async () => {
  for (const f of FIXTURE_LIST) {
    const path = f.file.endsWith('.gz')
      ? await gunzipFixture(f.file, tmp.dir)
      : join(FIXTURES, f.file);
    inputs.set(f.file, path);
  }
});
afterAll(() => tmp.remove());

/** Runs `zoo reinit` and expects success; returns the output path. */
async function reinit(
  input: string,
  name: string,
  ...args: string[]
): Promise<string> {
  const out = join(tmp.dir, name);
  const run = await runZoo('reinit', input, '-o', out, '--quiet', ...args);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  expect(run.stdout).toMatch(/^wrote .*: \d+ weights, scheme /);
  return out;
}

/** The whole check of one output (a) to (d) of the acceptance. */
async function expectGood(
  fixture: Fixture,
  input: string,
  out: string,
  spec: VerifySpec,
): Promise<void> {
  const v = verify(input, out, spec);
  expect(v.weights).toHaveLength(fixture.layers);
  expectTargets(v.weights);
  for (const b of v.biases) {
    expect(b.maxAbs, `${b.name} is zero`).toBe(0);
  }
  if (spec.orthogonal) {
    for (const w of v.weights) {
      expect(w.gramError, `${w.name}: W W^T = I`).toBeLessThan(1e-4);
    }
  }
  await expectRuns(out);
}

describe.each(FIXTURE_LIST)('zoo reinit $label', (fixture) => {
  const input = () => inputs.get(fixture.file)!;

  it.each(fixture.cases)('--scheme $scheme', async (c) => {
    const out = await reinit(
      input(),
      `${c.scheme}.onnx`,
      '--scheme',
      c.scheme,
      '--seed',
      '11',
      ...c.args,
    );
    try {
      await expectGood(fixture, input(), out, c.spec);
    } finally {
      rmSync(out, { force: true });
    }
  });

  it('same seed: byte-identical files; another seed: new weights', async () => {
    const seed = (s: string, name: string) =>
      reinit(input(), name, '--scheme', 'he-uniform', '--seed', s);
    const a = await seed('5', 'a.onnx');
    const b = await seed('5', 'b.onnx');
    const c = await seed('6', 'c.onnx');
    try {
      expect(sha256(a)).toBe(sha256(b));
      expect(sha256(a)).not.toBe(sha256(c));
      const diff = reference<{ layers: number; equal: string[] }>(
        'differ',
        a,
        c,
      );
      expect(diff.layers).toBe(fixture.layers);
      expect(diff.equal).toEqual([]);
    } finally {
      for (const p of [a, b, c]) rmSync(p, { force: true });
    }
  });
});

describe.skipIf(process.env['ZOO_SKIP_BIG'] === '1')(
  'zoo reinit VGG16 op13 (553 MB)',
  () => {
    it('--scheme he-normal', async () => {
      const fixture: Fixture = {
        label: 'VGG16',
        file: 'vgg16-torchvision-op13.onnx.gz',
        layers: 16,
        cases: [],
      };
      const input = await gunzipFixture(fixture.file, tmp.dir);
      const out = await reinit(
        input,
        'vgg16.onnx',
        '--scheme',
        'he-normal',
        '--seed',
        '11',
      );
      try {
        await expectGood(fixture, input, out, { scheme: 'he-normal' });
      } finally {
        rmSync(out, { force: true });
        rmSync(input, { force: true });
      }
    });
  },
);
