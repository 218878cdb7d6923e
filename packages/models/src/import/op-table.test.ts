import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { supportedOpsTable, withOpTable } from './op-table.js';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));

/** Table rows as trimmed cells, so column padding does not matter. */
function cells(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) => l.split('|').map((c) => c.trim()));
}

describe('supported-op table', () => {
  it('is current in README.md (scripts/onnx-op-table.ts --write)', () => {
    const text = readFileSync(readme, 'utf8');
    expect(cells(withOpTable(text))).toEqual(cells(text));
  });

  it('lists the fixtures ops', () => {
    const ops = new Set(cells(supportedOpsTable()).map((r) => r[1]));
    for (const op of ['Conv', 'Relu', 'MaxPool', 'Concat', 'Gemm', 'LRN']) {
      expect(ops.has(op)).toBe(true);
    }
  });
});
