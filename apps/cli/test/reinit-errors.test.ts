import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZoo, type Run } from '../src/testing.js';
import { FIXTURES, listDir, reference, sha256, tempDir } from './support.js';

// Bad input to `zoo reinit`: each case fails with exit code 1 (bad input)
// or 2 (usage), one `error:` line naming the problem, no stack, and
// leaves the output folder as it was (no output, no temp files).

const tmp = tempDir('zoo-cli-errors-');
const SQUEEZENET = join(FIXTURES, 'squeezenet1_1-torchvision-op11.onnx');
const bad = (name: string) => join(tmp.dir, 'bad', name);

beforeAll(() => {
  mkdirSync(join(tmp.dir, 'bad'));
  reference('make-bad', join(tmp.dir, 'bad'));
  writeFileSync(bad('text.onnx'), 'this is not a protobuf\n'.repeat(50));
  const bytes = readFileSync(SQUEEZENET);
  writeFileSync(bad('half.onnx'), bytes.subarray(0, bytes.length >> 1));
  const rules = {
    'unknown-key.json':
      '{"rules": [{"op": "Conv", "scheme": "zeros", "sheme": 1}]}',
    'top-key.json': '{"rules": [], "default": "he-normal"}',
    'bad-json.json': '{"rules": [{"op": "Conv",]}',
    'wrong-type.json': '{"rules": [{"op": 3, "scheme": "zeros"}]}',
    'not-list.json': '{"rules": {"op": "Conv"}}',
    'bad-role.json': '{"rules": [{"role": "weights", "scheme": "zeros"}]}',
    'bad-scheme.json': '{"rules": [{"op": "Conv", "scheme": "xavier-magic"}]}',
    'bad-option.json':
      '{"rules": [{"op": "Gemm", "scheme": "normal", "options": {"sdt": 1}}]}',
    'bad-gain.json':
      '{"rules": [{"op": "Conv", "scheme": "orthogonal", "gain": "2"}]}',
  };
  for (const [name, text] of Object.entries(rules)) {
    writeFileSync(bad(name), text);
  }
});
afterAll(() => tmp.remove());

let count = 0;

/** A fresh output folder, possibly seeded with files. */
function outDir(): string {
  const dir = join(tmp.dir, `out${count++}`);
  mkdirSync(dir);
  return dir;
}

/**
 * Runs `zoo reinit <input> -o <dir>/out.onnx ...args` and expects the
 * failure `code` with one error line matching `pattern`, and the folder
 * unchanged.
 */
async function expectFails(
  code: 1 | 2,
  pattern: RegExp,
  input: string,
  ...args: string[]
): Promise<Run> {
  const dir = outDir();
  const run = await runZoo(
    'reinit',
    input,
    '-o',
    join(dir, 'out.onnx'),
    ...args,
  );
  expect(run.code, run.stderr).toBe(code);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
  expect(lines.slice(1)).toEqual(code === 2 ? ['see: zoo reinit --help'] : []);
  expect(run.stdout).toBe('');
  expect(listDir(dir), 'nothing written').toEqual([]);
  return run;
}

const HE = ['--scheme', 'he-normal'];

describe('zoo reinit: bad models (exit 1)', () => {
  it('not an ONNX file', async () => {
    await expectFails(1, /text\.onnx/, bad('text.onnx'), ...HE);
  });

  it('a fixture cut in half', async () => {
    await expectFails(1, /half\.onnx/, bad('half.onnx'), ...HE);
  });

  it('a tensor whose data is shorter than its dims say', async () => {
    await expectFails(
      1,
      /\bw\b.*(size|bytes|length)|(size|bytes|length).*\bw\b/i,
      bad('size-mismatch.onnx'),
      ...HE,
    );
  });

  it('external data file missing', async () => {
    await expectFails(1, /w\.bin/, bad('ext-missing/model.onnx'), ...HE);
  });

  it('external data outside the model folder (../x.bin)', async () => {
    await expectFails(
      1,
      /\.\.\/x\.bin/,
      bad('ext-outside/sub/model.onnx'),
      ...HE,
    );
  });

  it('external data file shorter than the tensor', async () => {
    await expectFails(1, /w\.bin|"w"/, bad('ext-short/model.onnx'), ...HE);
  });

  it('a missing model file', async () => {
    await expectFails(1, /nope\.onnx/, bad('nope.onnx'), ...HE);
  });
});

describe('zoo reinit: bad outputs (exit 1)', () => {
  it('output path equal to the input: input untouched', async () => {
    const dir = outDir();
    const input = join(dir, 'model.onnx');
    copyFileSync(bad('tiny.onnx'), input);
    const before = sha256(input);
    for (const force of [[], ['--force']]) {
      const run = await runZoo('reinit', input, '-o', input, ...HE, ...force);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/^error: .*must not be the input/);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(listDir(dir)).toEqual(['model.onnx']);
      expect(sha256(input)).toBe(before);
    }
  });

  it('output folder missing', async () => {
    const run = await runZoo(
      'reinit',
      bad('tiny.onnx'),
      '-o',
      join(tmp.dir, 'no-such-dir', 'out.onnx'),
      ...HE,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*output folder must exist/);
  });
});

describe('zoo reinit: bad options', () => {
  it('unknown scheme (exit 1, lists the schemes)', async () => {
    await expectFails(
      1,
      /he-normal.*got 'xavier-magic'/,
      bad('tiny.onnx'),
      '--scheme',
      'xavier-magic',
    );
  });

  it('an option of another scheme: --std with he-normal (exit 1)', async () => {
    await expectFails(
      1,
      /he-normal takes no option --std.*--mode/,
      bad('tiny.onnx'),
      ...HE,
      '--std',
      '0.1',
    );
  });

  it('a bad option value: --mode fan_sideways (exit 1)', async () => {
    await expectFails(
      1,
      /mode.*fan_sideways|fan_sideways.*mode/,
      bad('tiny.onnx'),
      ...HE,
      '--mode',
      'fan_sideways',
    );
  });

  // Checked before the model is read.
  it('a gain for a scheme without one: he-normal --gain 2 (exit 1)', async () => {
    await expectFails(
      1,
      /gain 2 .*he-normal has none/,
      bad('tiny.onnx'),
      ...HE,
      '--gain',
      '2',
    );
  });

  it('--bias of an unknown kind (exit 1)', async () => {
    await expectFails(
      1,
      /--bias .*got 'ones'/,
      bad('tiny.onnx'),
      ...HE,
      '--bias',
      'ones',
    );
  });

  it('--bias constant:abc (exit 1)', async () => {
    await expectFails(
      1,
      /constant.*'abc'/,
      bad('tiny.onnx'),
      ...HE,
      '--bias',
      'constant:abc',
    );
  });

  it('no --scheme, unknown flag, two models (exit 2)', async () => {
    await expectFails(2, /--scheme is required/, bad('tiny.onnx'));
    await expectFails(2, /--sigma/, bad('tiny.onnx'), ...HE, '--sigma', '1');
    await expectFails(
      2,
      /one model path; got 2/,
      bad('tiny.onnx'),
      ...HE,
      bad('tiny.onnx'),
    );
  });

  it('no -o without --dry-run (exit 2)', async () => {
    const run = await runZoo('reinit', bad('tiny.onnx'), ...HE);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: .*-o <out\.onnx> is required/);
  });
});

describe('zoo reinit: bad rules files', () => {
  const cases: [string, 1 | 2, RegExp][] = [
    ['unknown-key.json', 1, /unknown key 'sheme'.*allowed: op, name, role/],
    ['top-key.json', 1, /unknown key default; allowed: rules/],
    ['bad-json.json', 1, /must be JSON/],
    ['wrong-type.json', 1, /rules\[0\]\.op must be a string; got 3/],
    ['not-list.json', 1, /must be an object \{ "rules": \[\.\.\.\] \}/],
    ['bad-role.json', 1, /role must be one of .*; got "weights"/],
    ['bad-scheme.json', 1, /xavier-magic/],
    ['bad-option.json', 1, /sdt/],
    ['bad-gain.json', 1, /gain must be a number or "auto"; got "2"/],
    ['missing.json', 1, /missing\.json must be readable/],
  ];
  it.each(cases)('%s (exit %d)', async (file, code, pattern) => {
    await expectFails(
      code,
      pattern,
      bad('tiny.onnx'),
      ...HE,
      '--rules',
      bad(file),
    );
  });
});
