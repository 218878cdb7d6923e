/**
 * `zoo train` killed with SIGKILL and resumed: the run ends with the
 * weights and SGD velocity of an uninterrupted run, bit for bit, and the
 * folder never holds a torn checkpoint.
 *
 * Each run is a child process started from the sources, so that SIGKILL
 * hits a real process mid-step or mid-write, as it would on a machine.
 * Per worker count: one kill between checkpoints (mid-epoch, past at
 * least one checkpoint), then up to three kills while a checkpoint's temp
 * file exists, each followed by a resume.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCheckpoint, type Checkpoint } from '@zoo/train';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const RECIPE = join(ROOT, 'recipes', 'fashion-mnist-convnet.json');

/** 1024 images in batches of 32: 32 steps per epoch, 64 in all. */
const STEPS_PER_EPOCH = 32;
const TOTAL_STEPS = 64;
const CHECKPOINT_EVERY = 3;
const SMALL = [
  'data.trainLimit=1024',
  'data.testLimit=256',
  'model.options.conv=[8,16]',
  'model.options.fc=[32]',
  'batchSize=32',
  'epochs=2',
  `checkpointEvery=${CHECKPOINT_EVERY}`,
  'logEvery=1',
].flatMap((s) => ['--set', s]);

const CHECKPOINT = /^step-(\d{8})\.zckpt$/;
/** A checkpoint's temp file, with the writer's pid: `.step-N.zckpt.PID-TAG.tmp`. */
const TEMP = /^\.step-\d{8}\.zckpt\.(\d+)-[0-9a-f]+\.tmp$/;

const tmp = tempDir('zoo-train-kill-');
afterAll(() => tmp.remove());

/** An entry file that runs the CLI from its TypeScript sources. */
const entry = join(tmp.dir, 'zoo.mjs');
writeFileSync(
  entry,
  `import { main } from ${JSON.stringify(
    pathToFileURL(join(ROOT, 'apps', 'cli', 'src', 'main.ts')).href,
  )};\nprocess.exitCode = await main(process.argv.slice(2));\n`,
);

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

interface Child {
  readonly pid: number;
  readonly ended: Promise<Ended>;
  exited: boolean;
  kill(): void;
}

/** `zoo train RECIPE --out out ...` in a child process. */
function startTrain(out: string, workers: number, ...extra: string[]): Child {
  const args = ['train', RECIPE, '--out', out, ...SMALL, ...extra];
  if (workers > 1) args.push('--workers', String(workers));
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@zoo/source', entry, ...args],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const errors: string[] = [];
  proc.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const child: Child = {
    pid: proc.pid ?? -1,
    exited: false,
    kill: () => proc.kill('SIGKILL'),
    ended: new Promise((done, fail) => {
      proc.on('error', fail);
      proc.on('close', (code, signal) => {
        child.exited = true;
        done({ code, signal, stderr: errors.join('') });
      });
    }),
  };
  return child;
}

/** Runs `zoo train` to its end; fails with its stderr otherwise. */
async function trainToEnd(
  out: string,
  workers: number,
  ...extra: string[]
): Promise<void> {
  const ended = await startTrain(out, workers, ...extra).ended;
  expect(ended.stderr).toBe('');
  expect(ended.code).toBe(0);
}

/**
 * Polls `ready` until it holds, then sends SIGKILL; returns false if the
 * run ended first. The poll yields to the event loop only (no timer), so
 * that it sees files that live for a few milliseconds.
 */
async function killWhen(child: Child, ready: () => boolean): Promise<boolean> {
  while (!child.exited) {
    if (ready()) {
      child.kill();
      const ended = await child.ended;
      expect(ended.signal).toBe('SIGKILL');
      return true;
    }
    await new Promise((next) => setImmediate(next));
  }
  return false;
}

/** The highest `step` record in the run's metrics; 0 before the first. */
function loggedStep(out: string): number {
  const path = join(out, 'metrics.jsonl');
  if (!existsSync(path)) return 0;
  let step = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    // The line being appended at the moment of reading may be torn.
    try {
      const r = JSON.parse(line) as { kind?: string; step?: number };
      if (r.kind === 'step') step = Math.max(step, r.step ?? 0);
    } catch {
      continue;
    }
  }
  return step;
}

/** The worker count of the run's `setup data` record (absent: one). */
function loggedWorkers(out: string): number {
  const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').split('\n');
  const data = lines
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((r) => r['kind'] === 'setup' && r['what'] === 'data');
  expect(data).toBeDefined();
  return Number(data?.['workers'] ?? 1);
}

/** The checkpoint file names in `out`, by step; none before it exists. */
function checkpointNames(out: string): string[] {
  if (!existsSync(out)) return [];
  return readdirSync(out)
    .filter((n) => CHECKPOINT.test(n))
    .sort();
}

/** `--resume` once a checkpoint exists: a run killed before is restarted. */
function resumeIfAny(out: string): string[] {
  return checkpointNames(out).length > 0 ? ['--resume'] : [];
}

/** The checkpoint temp files in `out` of the process `pid`, or of all. */
function tempNames(out: string, pid?: number): string[] {
  if (!existsSync(out)) return [];
  return readdirSync(out).filter((n) => {
    const temp = TEMP.exec(n);
    return temp !== null && (pid === undefined || Number(temp[1]) === pid);
  });
}

/**
 * What a SIGKILL may leave of checkpoints: whole ones that read back with
 * the step of their name, and temp files of the killed processes.
 * A killed writer's temp file stays in the folder until the next run
 * there removes it; `--resume` reads `step-NNNNNNNN.zckpt` names only.
 */
function expectNoTornCheckpoint(out: string, killed: readonly number[]): void {
  for (const name of readdirSync(out)) {
    // metrics.jsonl, model.onnx, report.html: not checkpoints.
    if (!name.includes('.zckpt')) continue;
    const temp = TEMP.exec(name);
    if (temp !== null) {
      expect(killed).toContain(Number(temp[1]));
      continue;
    }
    const step = CHECKPOINT.exec(name);
    expect(step, `unexpected file ${name}`).not.toBeNull();
    const ckpt = readCheckpoint(join(out, name));
    expect(ckpt.step).toBe(Number(step?.[1]));
    for (const t of [
      ...Object.values(ckpt.weights),
      ...Object.values(ckpt.velocity),
    ]) {
      expect(t.values.length).toBe(t.shape.reduce((a, b) => a * b, 1));
    }
  }
}

function bytes(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** Names of the tensors of `a` and `b` whose float32 bytes differ. */
function differences(a: Checkpoint, b: Checkpoint): string[] {
  const out: string[] = [];
  for (const group of ['weights', 'velocity'] as const) {
    const names = new Set([...Object.keys(a[group]), ...Object.keys(b[group])]);
    for (const name of names) {
      const x = a[group][name];
      const y = b[group][name];
      if (x === undefined || y === undefined) {
        out.push(`${group}/${name} (missing)`);
      } else if (!bytes(x.values).equals(bytes(y.values))) {
        out.push(`${group}/${name}`);
      }
    }
  }
  return out;
}

/**
 * Every checkpoint the two runs both hold, the final one included, has
 * the same step, data position and tensor bytes in both.
 */
function expectSameCheckpoints(reference: string, resumed: string): void {
  const names = checkpointNames(resumed);
  const last = `step-${String(TOTAL_STEPS).padStart(8, '0')}.zckpt`;
  expect(names).toContain(last);
  expect(checkpointNames(reference)).toEqual(expect.arrayContaining(names));
  for (const name of names) {
    const a = readCheckpoint(join(reference, name));
    const b = readCheckpoint(join(resumed, name));
    expect({ step: b.step, data: b.data }).toEqual({
      step: a.step,
      data: a.data,
    });
    expect(differences(a, b), name).toEqual([]);
  }
}

describe.each([1, 2])('zoo train --workers %i killed and resumed', (n) => {
  const reference = join(tmp.dir, `A-${n}`);

  beforeAll(async () => {
    await trainToEnd(reference, n);
    expect(loggedWorkers(reference)).toBe(n);
  }, 180_000);

  it('a SIGKILL between checkpoints, mid-epoch, resumes bit for bit', async () => {
    const out = join(tmp.dir, `B-${n}`);
    const child = startTrain(out, n);
    const killed = await killWhen(child, () => {
      const step = loggedStep(out);
      // Two steps short of the next checkpoint, well inside epoch 0.
      return (
        step > CHECKPOINT_EVERY &&
        step % CHECKPOINT_EVERY === 1 &&
        step < STEPS_PER_EPOCH - CHECKPOINT_EVERY
      );
    });
    expect(killed).toBe(true);
    const latest = checkpointNames(out).at(-1) ?? '';
    const saved = Number(CHECKPOINT.exec(latest)?.[1] ?? 0);
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(loggedStep(out));
    expect(loggedStep(out)).toBeLessThan(STEPS_PER_EPOCH);
    expectNoTornCheckpoint(out, [child.pid]);

    await trainToEnd(out, n, '--resume');
    expectSameCheckpoints(reference, out);
    expectNoTornCheckpoint(out, [child.pid]);
    expect(tempNames(out)).toEqual([]);
  }, 180_000);

  it('SIGKILLs while checkpoints are written leave no torn file', async () => {
    const out = join(tmp.dir, `C-${n}`);
    const killed: number[] = [];
    let finished = false;
    // A temp file lives for one write and fsync, a few milliseconds. Past
    // the first checkpoint, each run is killed as soon as its own temp
    // file appears, then resumed, up to 3 times.
    for (let attempt = 0; attempt < 3; attempt++) {
      const child = startTrain(out, n, ...resumeIfAny(out));
      const writing = (): boolean =>
        checkpointNames(out).length > 0 && tempNames(out, child.pid).length > 0;
      if (!(await killWhen(child, writing))) {
        expect((await child.ended).code).toBe(0);
        finished = true;
        break;
      }
      killed.push(child.pid);
      expectNoTornCheckpoint(out, killed);
    }
    expect(killed.length).toBeGreaterThan(0);

    if (!finished) await trainToEnd(out, n, ...resumeIfAny(out));
    expectSameCheckpoints(reference, out);
    expectNoTornCheckpoint(out, killed);
    // The run that starts or resumes in a folder removes what killed
    // writers left there.
    expect(tempNames(out)).toEqual([]);
  }, 180_000);
});
