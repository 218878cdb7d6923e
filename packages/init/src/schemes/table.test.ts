import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMES } from './index.js';
import { TABLE_BEGIN, TABLE_END, schemesTable } from './table.js';

describe('README schemes table', () => {
  it('equals the output of scripts/schemes-table.ts', () => {
    const readme = readFileSync(
      new URL('../../README.md', import.meta.url),
      'utf8',
    );
    const begin = readme.indexOf(TABLE_BEGIN);
    const end = readme.indexOf(TABLE_END);
    expect(begin).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(begin);
    const table = readme.slice(begin + TABLE_BEGIN.length, end).trim();
    expect(table).toBe(schemesTable(SCHEMES));
  });

  it('has one row per scheme', () => {
    expect(schemesTable(SCHEMES).split('\n')).toHaveLength(SCHEMES.length + 2);
  });
});
