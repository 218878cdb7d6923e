import { describe, expect, it } from 'vitest';
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
});
