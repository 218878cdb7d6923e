import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTextAtomic } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'zoo-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeTextAtomic', () => {
  it('writes, replaces and leaves no temp file', () => {
    const path = join(dir, 'report.html');
    writeTextAtomic(path, 'first é');
    writeTextAtomic(path, 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('throws and leaves nothing when the folder is missing', () => {
    const path = join(dir, 'missing', 'report.html');
    expect(() => writeTextAtomic(path, 'x')).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });
});
