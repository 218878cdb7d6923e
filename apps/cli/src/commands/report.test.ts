import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runZoo } from '../testing.js';

const dir = mkdtempSync(join(tmpdir(), 'zoo-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A run folder holding a small metrics.jsonl of `steps` step records. */
function runFolder(name: string, steps: number, evals = true): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const records: object[] = [
    { kind: 'config', recipe: { name, init: { scheme: name } } },
    { kind: 'layer', layer: 'conv1', activationStd: 1, gradientStd: 0.1 },
  ];
  for (let i = 1; i <= steps; i++) {
    records.push({
      kind: 'step',
      step: i * 10,
      totalSteps: steps * 10,
      epoch: 0,
      loss: 2 / i,
      lr: 0.01,
      imagesPerSecond: 300,
      etaSeconds: steps - i,
    });
  }
  if (evals) {
    records.push({
      kind: 'eval',
      step: steps * 10,
      epoch: 1,
      loss: 0.5,
      top1: 0.8,
      top5: 0.97,
    });
  }
  writeFileSync(
    join(folder, 'metrics.jsonl'),
    records.map((r) => `${JSON.stringify(r)}\n`).join(''),
  );
  return folder;
}

const HE = runFolder('he-normal', 6);
const GLOROT = runFolder('glorot-uniform', 4, false);

describe('zoo report', () => {
  it('writes one HTML page for several runs', async () => {
    const out = join(dir, 'two.html');
    const run = await runZoo(
      'report',
      HE,
      join(GLOROT, 'metrics.jsonl'),
      '-o',
      out,
      '--title',
      'two inits',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `wrote ${out}: 2 run(s), he-normal, glorot-uniform\n`,
    );
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>two inits</title>');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('>glorot-uniform (no evaluation)</text>');
    // No temp file is left beside it.
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to overwrite without --force', async () => {
    const out = join(dir, 'again.html');
    writeFileSync(out, 'keep me');
    const refused = await runZoo('report', HE, '-o', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: zoo report: output must not exist (use --force); got ${out}\n`,
    );
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const forced = await runZoo('report', HE, '-o', out, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('names runs with --name, and tells equal names apart', async () => {
    const out = join(dir, 'names.html');
    const run = await runZoo(
      'report',
      HE,
      HE,
      '-o',
      out,
      '--name',
      '<script>x</script>',
      '--name',
      '<script>x</script>',
    );
    expect(run.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt; (2)');
  });

  it('warns of a truncated last line and reports the rest', async () => {
    const folder = runFolder('killed', 3);
    const file = join(folder, 'metrics.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8') + '{"kind":"st');
    const out = join(dir, 'killed.html');
    const run = await runZoo('report', folder, '-o', out);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `warning: ${file}:7: skipped a truncated last line (no newline, ` +
        `not JSON)\n`,
    );
  });

  it.each([
    [
      'a missing run',
      () => [join(dir, 'nope')],
      /^error: zoo report: a run must be a run folder or a metrics file; got .*nope \(no such file or folder\)\n$/,
    ],
    [
      'a folder without metrics.jsonl',
      () => {
        mkdirSync(join(dir, 'empty'), { recursive: true });
        return [join(dir, 'empty')];
      },
      /^error: zoo report: a run folder must hold metrics\.jsonl; got .*empty\n$/,
    ],
    [
      'a malformed line',
      () => {
        const file = join(dir, 'bad.jsonl');
        writeFileSync(file, '{"kind":"config","recipe":{}}\nnot json\n');
        return [file];
      },
      /^error: .*bad\.jsonl:2: line must be JSON; .*\n$/,
    ],
    [
      'an empty metrics file',
      () => {
        const file = join(dir, 'empty.jsonl');
        writeFileSync(file, '');
        return [file];
      },
      /^error: zoo report: a metrics file must hold at least one record; got none in .*empty\.jsonl\n$/,
    ],
  ])('%s exits 1 with one line', async (_what, args, message) => {
    const out = join(dir, 'never.html');
    const run = await runZoo('report', ...args(), '-o', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(readdirSync(dir)).not.toContain('never.html');
  });

  it('refuses to write over one of its inputs', async () => {
    const file = join(HE, 'metrics.jsonl');
    const run = await runZoo('report', HE, '-o', file, '--force');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/output must not be one of the metrics files/);
    expect(readFileSync(file, 'utf8')).toMatch(/^\{"kind":"config"/);
  });

  it.each([
    [['report', '-o', 'x.html']],
    [['report', 'runs/a']],
    [['report', 'runs/a', '-o', 'x.html', '--name', 'a', '--name', 'b']],
    [['report', 'runs/a', '-o', 'x.html', '--colour', 'red']],
  ])('%j is a usage error', async (argv) => {
    const run = await runZoo(...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: zoo report: .*\nsee: zoo report --help\n$/,
    );
  });
});
