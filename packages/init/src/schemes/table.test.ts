import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMES } from './index.js';
import { READMES, TABLE_BEGIN, TABLE_END, schemesTable } from './table.js';

describe('README schemes table', () => {
  it.each(READMES.map((url) => [url.pathname, url] as const))(
    '%s holds the table scripts/schemes-table.ts writes',
    (_path, url) => {
      const readme = readFileSync(url, 'utf8');
      const begin = readme.indexOf(TABLE_BEGIN);
      const end = readme.indexOf(TABLE_END);
      expect(begin).toBeGreaterThan(-1);
      expect(end).toBeGreaterThan(begin);
      const table = readme.slice(begin + TABLE_BEGIN.length, end).trim();
      expect(table).toBe(schemesTable(SCHEMES));
    },
  );

  it('has one row per scheme', () => {
    expect(schemesTable(SCHEMES).split('\n')).toHaveLength(SCHEMES.length + 2);
  });
});
