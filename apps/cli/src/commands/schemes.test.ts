import { SCHEMES } from '@zoo/init';
import { describe, expect, it } from 'vitest';
import { runZoo } from '../testing.js';

describe('zoo schemes', () => {
  it('lists every registered scheme with formula and citation', async () => {
    const run = await runZoo('schemes');
    expect(run.code).toBe(0);
    for (const scheme of SCHEMES) {
      expect(run.stdout).toContain(`${scheme.name}`);
      expect(run.stdout).toContain(scheme.formula);
      expect(run.stdout).toContain(scheme.citation);
    }
  });

  it('prints one JSON object per scheme with --json', async () => {
    const run = await runZoo('schemes', '--json');
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.name)).toEqual(SCHEMES.map((s) => s.name));
    expect(lines.find((l) => l.name === 'he-normal').formula).toMatch(/sqrt/);
  });
});
