import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runZoo } from '../testing.js';

const dir = mkdtempSync(join(tmpdir(), 'zoo-train-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RECIPE = resolve(
  import.meta.dirname,
  '../../../../recipes/fashion-mnist-convnet.json',
);

/** 256 training and 64 test images, batches of 32: seconds on a CPU. */
const TINY = [
  'data.trainLimit=256',
  'data.testLimit=64',
  'batchSize=32',
  'logEvery=1',
].flatMap((s) => ['--set', s]);

type Json = Record<string, unknown>;

function records(out: string): Json[] {
  return readFileSync(join(out, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Json);
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

describe('zoo train', () => {
  it('trains a few steps, logs JSON lines and ends with a summary', async () => {
    const out = join(dir, 'run');
    const run = await runZoo(
      'train',
      RECIPE,
      '--out',
      out,
      ...TINY,
      '--set',
      'maxSteps=2',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('config {')).toBe(true);
    expect(run.stdout).toContain(`"checkpointDir":${JSON.stringify(out)}`);
    expect(run.stdout).toMatch(/^step 2\/2 \| epoch 0 \| loss /m);
    expect(lastLine(run.stdout)).toMatch(
      /^done steps=2 test_top1=0\.\d{4} test_top5=[01]\.\d{4} loss=\d/,
    );
    const kinds = records(out).map((r) => r['kind']);
    expect(kinds[0]).toBe('config');
    expect(kinds.filter((k) => k === 'step')).toHaveLength(2);
    expect(kinds).toContain('eval');
    expect(kinds).toContain('checkpoint');
    // The trained model and the report are written at the end.
    expect(records(out).at(-1)).toEqual({
      kind: 'setup',
      what: 'onnx',
      path: join(out, 'model.onnx'),
    });
    expect(readFileSync(join(out, 'model.onnx')).length).toBeGreaterThan(1000);
    expect(run.stdout).toContain(`report ${join(out, 'report.html')}\n`);
  });

  it('--resume continues from the latest checkpoint', async () => {
    const out = join(dir, 'resume');
    const first = await runZoo(
      'train',
      RECIPE,
      '--out',
      out,
      ...TINY,
      '--set',
      'maxSteps=2',
    );
    expect(first.code).toBe(0);
    // A run killed mid-write leaves a torn last line; the resume drops it.
    appendFileSync(join(out, 'metrics.jsonl'), '{"kind":"st');
    const second = await runZoo(
      'train',
      RECIPE,
      '--out',
      out,
      '--resume',
      ...TINY,
      '--set',
      'maxSteps=3',
    );
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      `setup resume | path ${join(out, 'step-00000002.zckpt')} | step 2`,
    );
    expect(lastLine(second.stdout)).toMatch(/^done steps=3 test_top1=0\.\d+/);
    // One metrics file for the whole run: steps 1, 2, then 3.
    const steps = records(out)
      .filter((r) => r['kind'] === 'step')
      .map((r) => r['step']);
    expect(steps).toEqual([1, 2, 3]);
    // Without --resume, a folder holding checkpoints is refused.
    const again = await runZoo('train', RECIPE, '--out', out, ...TINY);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/--out must hold no checkpoints/);
    // A resume that fails its checks leaves the metrics as they were: no
    // going back to step 2, no other model.
    const before = readFileSync(join(out, 'metrics.jsonl'));
    const step2 = readFileSync(join(out, 'step-00000002.zckpt'));
    for (const set of ['maxSteps=2', 'model.options.dropout=0.5']) {
      const refused = await runZoo(
        'train',
        RECIPE,
        '--out',
        out,
        '--resume',
        ...TINY,
        '--set',
        set,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: resume: /);
      expect(readFileSync(join(out, 'metrics.jsonl')).equals(before)).toBe(
        true,
      );
    }
    expect(readFileSync(join(out, 'step-00000002.zckpt')).equals(step2)).toBe(
      true,
    );
  });

  it('--resume without a checkpoint exits 1', async () => {
    const run = await runZoo(
      'train',
      RECIPE,
      '--out',
      join(dir, 'empty'),
      '--resume',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--resume needs a checkpoint/);
  });

  it('an unknown recipe key exits 1 naming it', async () => {
    const path = join(dir, 'typo.json');
    writeFileSync(path, JSON.stringify({ optimizer: { momentun: 0.9 } }));
    const run = await runZoo('train', path, '--out', join(dir, 'typo'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/optimizer\.momentun/);
  });

  it('an unknown --set key exits 1 naming it', async () => {
    const run = await runZoo('train', RECIPE, '--set', 'optimizer.lrr=0.1');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/optimizer\.lrr/);
  });

  it('a --set value of the wrong type exits 1', async () => {
    const run = await runZoo('train', RECIPE, '--set', 'optimizer.lr=fast');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: --set: optimizer.lr must be a number; got fast\n',
    );
  });

  it('a missing recipe file exits 1 naming it', async () => {
    const path = join(dir, 'missing.json');
    const run = await runZoo('train', path);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(path);
  });

  it('--workers 2 trains on two threads; a batch they cannot split exits 1', async () => {
    const out = join(dir, 'workers');
    const run = await runZoo(
      'train',
      RECIPE,
      '--out',
      out,
      '--workers',
      '2',
      ...TINY,
      '--set',
      'maxSteps=2',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^setup data \| .* \| workers 2$/m);
    expect(lastLine(run.stdout)).toMatch(/^done steps=2 test_top1=0\.\d{4}/);
    const odd = await runZoo(
      'train',
      RECIPE,
      '--out',
      join(dir, 'odd'),
      '--workers',
      '3',
      ...TINY,
    );
    expect(odd.code).toBe(1);
    expect(odd.stderr).toBe(
      'error: recipe: batchSize must be divisible by the number of workers ' +
        '(3); got 32\n',
    );
    // A new run that fails its checks leaves no folder behind, and an
    // old folder's metrics (a run killed before its first checkpoint)
    // as they were.
    expect(existsSync(join(dir, 'odd'))).toBe(false);
    const old = join(dir, 'old');
    mkdirSync(old);
    writeFileSync(join(old, 'metrics.jsonl'), '{"kind":"config"}\n');
    const refused = await runZoo(
      'train',
      RECIPE,
      '--out',
      old,
      '--workers',
      '3',
      ...TINY,
    );
    expect(refused.code).toBe(1);
    expect(readFileSync(join(old, 'metrics.jsonl'), 'utf8')).toBe(
      '{"kind":"config"}\n',
    );
  });

  it('no recipe is a usage error', async () => {
    const run = await runZoo('train');
    expect(run.code).toBe(2);
  });
});
