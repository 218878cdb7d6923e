import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModel, writeModel } from '../src/index.js';
import { makeModels, tempDir } from './helpers.js';

// SIGINT or SIGTERM during a write: the temp files and the data folders
// the write created are removed and the process exits with 130 or 143.

const tmp = tempDir();
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const INDEX = pathToFileURL(join(PACKAGE, 'src', 'index.ts')).href;

/**
 * Writes the external model (data in w.bin and sub/fc.bin) with `fc`
 * filled slowly: says "writing" on stdout at its first chunk, then keeps
 * the write busy for 1.5 s so that the signal comes mid-write.
 */
const CHILD = `
import { writeSync } from 'node:fs';
import { readModel, writeModel } from ${JSON.stringify(INDEX)};
const [input, out] = process.argv.slice(2);
const model = await readModel(input);
let told = false;
const slow = (values, start) => {
  if (!told) {
    told = true;
    writeSync(1, 'writing\\n');
    const until = Date.now() + 1500;
    while (Date.now() < until);
  }
  values.fill(start);
};
await writeModel(model, out, { fc: slow }, { chunkElements: 8 });
writeSync(1, 'done\\n');
`;

beforeAll(() => {
  makeModels(tmp.dir);
  writeFileSync(join(tmp.dir, 'child.mts'), CHILD);
});
afterAll(() => tmp.remove());

/** Every path under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** Runs the child, sends `signal` once it writes; resolves its exit. */
function interrupted(
  signal: NodeJS.Signals,
  out: string,
): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(tmp.dir, 'child.mts'),
      join(tmp.dir, 'ext', 'model.onnx'),
      out,
    ],
    { cwd: PACKAGE, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    if (!stdout.includes('writing') && `${stdout}${text}`.includes('writing'))
      child.kill(signal);
    stdout += text;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, killedBy) =>
      resolve({ code, signal: killedBy, stdout }),
    );
  });
}

describe('writeModel interrupted', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s mid-write leaves nothing and exits %d',
    async (signal, code) => {
      const dir = join(tmp.dir, `out-${signal}`);
      mkdirSync(dir);
      const run = await interrupted(signal, join(dir, 'model.onnx'));
      expect(run.stdout).toBe('writing\n');
      expect({ code: run.code, signal: run.signal }).toEqual({
        code,
        signal: null,
      });
      expect(tree(dir), 'no temp files, no sub/').toEqual([]);
    },
  );

  it('removes its signal handlers after the write', async () => {
    const before = ['SIGINT', 'SIGTERM'].map((s) => process.listenerCount(s));
    const model = await readModel(join(tmp.dir, 'ext', 'model.onnx'));
    const dir = join(tmp.dir, 'handlers');
    mkdirSync(dir);
    await writeModel(model, join(dir, 'model.onnx'), {});
    await expect(
      writeModel(model, join(dir, 'model.onnx'), {}),
    ).rejects.toThrow(/must not exist/);
    const after = ['SIGINT', 'SIGTERM'].map((s) => process.listenerCount(s));
    expect(after).toEqual(before);
  });
});
