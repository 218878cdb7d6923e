import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZoo, type Run } from '../src/testing.js';
import { PYTHON } from '../../../packages/onnx/test/helpers.js';
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

describe('zoo reinit: outputs that are not regular files (exit 1)', () => {
  /** A folder with a FIFO, a device node of our own, a link and a folder. */
  function specials(): string {
    const dir = outDir();
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    // Major 1, minor 3 is /dev/null's; this node is ours, in a temp dir.
    execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3']);
    symlinkSync(join(dir, 'fifo'), join(dir, 'to-fifo'));
    mkdirSync(join(dir, 'folder'));
    return dir;
  }

  const cases: [string, string][] = [
    ['fifo', 'must be a regular file; got a FIFO'],
    ['null', 'must be a regular file; got a character device'],
    ['to-fifo', 'must be a regular file; got a FIFO'],
    ['folder', 'is a directory'],
  ];
  it.each(cases)('%s, with --force and with --dry-run', async (name, what) => {
    const dir = specials();
    const before = listDir(dir);
    const out = join(dir, name);
    for (const extra of [
      ['--force'],
      [],
      ['--dry-run'],
      ['--dry-run', '--force'],
    ]) {
      const run = await runZoo(
        'reinit',
        bad('tiny.onnx'),
        '-o',
        out,
        ...HE,
        ...extra,
      );
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toBe(`error: output ${out} ${what}\n`);
      expect(run.stdout).toBe('');
    }
    expect(listDir(dir)).toEqual(before);
  });

  it('says --force, not options.force or writeModel', async () => {
    const dir = outDir();
    const out = join(dir, 'out.onnx');
    writeFileSync(out, 'keep me');
    for (const extra of [[], ['--dry-run']]) {
      const run = await runZoo(
        'reinit',
        bad('tiny.onnx'),
        '-o',
        out,
        ...HE,
        ...extra,
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `error: output must not exist (use --force to overwrite); got ${out}\n`,
      );
    }
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  it('names the missing output folder', async () => {
    const folder = join(tmp.dir, 'no-such-dir');
    for (const extra of [[], ['--dry-run']]) {
      const run = await runZoo(
        'reinit',
        bad('tiny.onnx'),
        '-o',
        join(folder, 'out.onnx'),
        ...HE,
        ...extra,
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `error: cannot write in ${folder}: the output folder must exist\n`,
      );
    }
  });
});

describe('zoo reinit --dry-run checks the output as a run would', () => {
  it('output equal to the input (exit 1)', async () => {
    const dir = outDir();
    const input = join(dir, 'model.onnx');
    copyFileSync(bad('tiny.onnx'), input);
    const run = await runZoo(
      'reinit',
      input,
      '-o',
      input,
      ...HE,
      '--dry-run',
      '--force',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: output must not be the input/);
    expect(listDir(dir)).toEqual(['model.onnx']);
  });

  it('a good output: plans, writes nothing (exit 0)', async () => {
    const dir = outDir();
    const run = await runZoo(
      'reinit',
      bad('tiny.onnx'),
      '-o',
      join(dir, 'out.onnx'),
      ...HE,
      '--dry-run',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/dry run: \d+ weights planned/);
    expect(listDir(dir)).toEqual([]);
  });
});

describe('zoo reinit: more bad models (exit 1)', () => {
  it('two initializers named w', async () => {
    const model = join(tmp.dir, 'dup.onnx');
    execFileSync(PYTHON, [
      '-c',
      `import sys, numpy as np, onnx
from onnx import helper as h, numpy_helper as nh, TensorProto as TP
a = nh.from_array(np.ones((2, 2), np.float32), 'w')
b = nh.from_array(np.zeros((2, 2), np.float32), 'w')
g = h.make_graph([h.make_node('MatMul', ['x', 'w'], ['y'])], 'g',
    [h.make_tensor_value_info('x', TP.FLOAT, [2, 2])],
    [h.make_tensor_value_info('y', TP.FLOAT, [2, 2])], [a, b])
onnx.save(h.make_model(g), sys.argv[1])`,
      model,
    ]);
    await expectFails(1, /duplicate initializer name "w"/, model, ...HE);
  });

  it('a gzip-compressed model', async () => {
    const gz = join(FIXTURES, 'alexnet-torchvision-op13.onnx.gz');
    await expectFails(
      1,
      /alexnet-torchvision-op13\.onnx\.gz: .*gzip-compressed; gunzip it first/,
      gz,
      ...HE,
    );
  });
});

describe('zoo reinit: numbers are decimal (exit 1)', () => {
  const ORTHO = ['--scheme', 'orthogonal'];
  const cases: [string, string[], RegExp][] = [
    ['--gain=0x10', ORTHO, /--gain must be a finite decimal number.*'0x10'/],
    ['--gain=0b1', ORTHO, /--gain must be a finite decimal number.*'0b1'/],
    ['--gain= 2', ORTHO, /--gain must be a finite decimal number.*' 2'/],
    ['--gain=', ORTHO, /--gain must be a finite decimal number.*''/],
    ['--gain=Infinity', ORTHO, /--gain must be a finite decimal number/],
    ['--gain=0', ORTHO, /--gain must be a positive number or auto; got '0'/],
    ['--gain=-1', ORTHO, /--gain must be a positive number or auto; got '-1'/],
    ['--std=0x10', ['--scheme', 'normal'], /--std must be .*'0x10'/],
    ['--bias=constant:0x1', HE, /--bias constant must be .*'0x1'/],
  ];
  it.each(cases)('%s', async (flag, scheme, pattern) => {
    await expectFails(1, pattern, bad('tiny.onnx'), ...scheme, flag);
  });

  it('takes decimal and scientific notation', async () => {
    for (const gain of ['2', '0.5', '.5', '1e-1', '+1.5E0']) {
      const run = await runZoo(
        'reinit',
        bad('tiny.onnx'),
        '--scheme',
        'orthogonal',
        `--gain=${gain}`,
        '--dry-run',
        '--quiet',
      );
      expect(run.code, `${gain}: ${run.stderr}`).toBe(0);
    }
  });
});
