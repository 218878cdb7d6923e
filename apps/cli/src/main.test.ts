import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, tempDir } from '../test/support.js';
import { forUsers } from './main.js';
import { runZoo } from './testing.js';

describe('zoo', () => {
  it('prints help and exits 2 without a command', async () => {
    const run = await runZoo();
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Usage: zoo <command>');
  });

  it('names the unknown command and the known ones', async () => {
    const run = await runZoo('reinitt');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'reinitt'.*schemes/);
  });

  it('rejects an unknown option with exit code 2', async () => {
    const run = await runZoo('schemes', '--jsn');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--jsn'");
  });

  it('rejects arguments to a command that takes none (exit 2)', async () => {
    const run = await runZoo('schemes', 'extra');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "error: zoo schemes: takes no arguments; got 'extra'\n" +
        'see: zoo schemes --help\n',
    );
  });

  it('shows library errors without function names, options as flags', () => {
    expect(
      forUsers(
        'writeModel: output must not exist (use options.force to ' +
          'overwrite); got /x/out.onnx',
      ),
    ).toBe('output must not exist (use --force to overwrite); got /x/out.onnx');
    const kept = [
      'zoo reinit: --scheme is required',
      '/x/model.onnx: duplicate initializer name "w"',
      'orthogonal: gain must be positive; got -1',
    ];
    for (const message of kept) expect(forUsers(message)).toBe(message);
  });
});

describe('zoo writing to a closed pipe', () => {
  const tmp = tempDir('zoo-cli-pipe-');
  afterAll(() => tmp.remove());
  const cli = fileURLToPath(new URL('..', import.meta.url));
  const entry = join(tmp.dir, 'zoo.mts');
  writeFileSync(
    entry,
    `import { main } from ${JSON.stringify(
      pathToFileURL(join(cli, 'src', 'main.ts')).href,
    )};\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );

  /**
   * Runs `zoo ...args | true` from source: `true` exits at once, so every
   * write of zoo's meets a closed pipe (EPIPE). Returns zoo's exit code
   * and stderr.
   */
  function intoClosedPipe(...args: string[]): { code: number; err: string } {
    const quoted = args.map((a) => `'${a}'`).join(' ');
    const script =
      `node --import tsx --conditions=@zoo/source '${entry}' ${quoted} ` +
      `2>'${tmp.dir}/err' | true; echo "\${PIPESTATUS[0]}"; ` +
      `cat '${tmp.dir}/err'`;
    const out = execFileSync('bash', ['-c', script], {
      cwd: cli,
      encoding: 'utf8',
    });
    const [code, ...err] = out.split('\n');
    return { code: Number(code), err: err.join('\n') };
  }

  it.each([
    ['schemes', ['schemes']],
    ['schemes --json', ['schemes', '--json']],
    [
      'inspect squeezenet',
      ['inspect', join(FIXTURES, 'squeezenet1_1-torchvision-op11.onnx')],
    ],
  ])('zoo %s exits 0 quietly', (_label, args) => {
    expect(intoClosedPipe(...args)).toEqual({ code: 0, err: '' });
  });
});
