import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { formatDuration, formatRecord, jsonLinesSink } from './log.js';

describe('log lines', () => {
  it('have fixed fields in a fixed order', () => {
    expect(
      formatRecord({
        kind: 'step',
        step: 100,
        totalSteps: 1874,
        epoch: 0,
        loss: 0.51234,
        lr: 0.02,
        imagesPerSecond: 233.25,
        etaSeconds: 3725,
      }),
    ).toBe(
      'step 100/1874 | epoch 0 | loss 0.5123 | lr 2.000e-2 | 233.3 img/s | eta 1:02:05',
    );
    expect(
      formatRecord({
        kind: 'eval',
        step: 937,
        epoch: 1,
        loss: 0.3,
        top1: 0.8912,
        top5: 0.99712,
      }),
    ).toBe(
      'eval step 937 | epoch 1.00 | loss 0.3000 | top1 89.12% | top5 99.71%',
    );
    expect(formatDuration(Infinity)).toBe('--:--:--');
  });

  it('go to a JSON-lines file beside the text', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'zoo-log-')), 'run.jsonl');
    const lines: string[] = [];
    const sink = jsonLinesSink(path, (line) => lines.push(line));
    sink('checkpoint step 5 | x', { kind: 'checkpoint', step: 5, path: 'x' });
    sink('checkpoint step 6 | y', { kind: 'checkpoint', step: 6, path: 'y' });
    expect(lines).toEqual(['checkpoint step 5 | x', 'checkpoint step 6 | y']);
    const records = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toEqual([
      { kind: 'checkpoint', step: 5, path: 'x' },
      { kind: 'checkpoint', step: 6, path: 'y' },
    ]);
  });
});
