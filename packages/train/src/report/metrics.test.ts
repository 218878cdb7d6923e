import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsError, parseMetrics, readMetrics } from './metrics.js';

const dir = mkdtempSync(join(tmpdir(), 'zoo-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STEP = {
  kind: 'step',
  step: 10,
  totalSteps: 20,
  epoch: 0,
  loss: 1.5,
  lr: 0.01,
  imagesPerSecond: 100,
  etaSeconds: 3,
};
const EVAL = {
  kind: 'eval',
  step: 20,
  epoch: 1,
  loss: 1,
  top1: 0.5,
  top5: 0.9,
};
const lines = (...records: unknown[]): string =>
  records.map((r) => `${JSON.stringify(r)}\n`).join('');

describe('readMetrics', () => {
  it('reads every record of a file', () => {
    const path = join(dir, 'ok.jsonl');
    writeFileSync(path, lines({ kind: 'config', recipe: {} }, STEP, EVAL));
    const metrics = readMetrics(path);
    expect(metrics.records.map((r) => r.kind)).toEqual([
      'config',
      'step',
      'eval',
    ]);
    expect(metrics.records[1]).toEqual(STEP);
    expect(metrics.warnings).toEqual([]);
  });

  it('reads null (how JSON writes NaN and Infinity) as NaN', () => {
    const diverged = { ...STEP, loss: NaN, etaSeconds: Infinity };
    const { records } = parseMetrics(lines(diverged), 'm.jsonl');
    expect(JSON.stringify(diverged)).toContain('"loss":null');
    const step = records[0] as typeof STEP;
    expect(step.loss).toBeNaN();
    expect(step.etaSeconds).toBeNaN();
    expect(step.lr).toBe(0.01);
  });

  it('skips a truncated last line with a warning', () => {
    const text = lines(STEP) + JSON.stringify(EVAL).slice(0, 25);
    const metrics = parseMetrics(text, 'run/metrics.jsonl');
    expect(metrics.records).toHaveLength(1);
    expect(metrics.warnings).toEqual([
      'run/metrics.jsonl:2: skipped a truncated last line (no newline, ' +
        'not JSON)',
    ]);
  });

  it('keeps a complete last line without its newline', () => {
    const text = lines(STEP) + JSON.stringify(EVAL);
    expect(parseMetrics(text, 'm').records).toHaveLength(2);
  });

  it('refuses a malformed line that is not the last, naming file:line', () => {
    const text = lines(STEP) + '{"kind": "step", \n' + lines(EVAL);
    expect(() => parseMetrics(text, 'run/metrics.jsonl')).toThrow(
      /^run\/metrics\.jsonl:2: line must be JSON; /,
    );
  });

  it('refuses a malformed last line that ends with a newline', () => {
    expect(() => parseMetrics(lines(STEP) + 'oops\n', 'm')).toThrow(
      MetricsError,
    );
    expect(() => parseMetrics(lines(STEP) + 'oops\n', 'm')).toThrow(/^m:2: /);
  });

  it('refuses records that are not objects or lack a kind', () => {
    expect(() => parseMetrics('[1, 2]\n', 'm')).toThrow(
      'm:1: a record must be a JSON object; got [1,2] (array)',
    );
    expect(() => parseMetrics('{"step": 1}\n', 'm')).toThrow(
      /^m:1: a record must have a string field kind \(one of config, /,
    );
  });

  it('refuses a record with a missing or mistyped field, naming it', () => {
    const { loss: _loss, ...noLoss } = STEP;
    expect(() => parseMetrics(lines(STEP, noLoss), 'm')).toThrow(
      'm:2: step record field loss must be a number or null; got ' +
        'undefined (undefined)',
    );
    expect(() => parseMetrics(lines({ ...EVAL, top1: '50%' }), 'm')).toThrow(
      'm:1: eval record field top1 must be a number or null; got',
    );
    expect(() => parseMetrics(lines({ kind: 'layer', layer: 3 }), 'm')).toThrow(
      /^m:1: layer record field /,
    );
  });

  it('skips kinds it does not know, and blank lines', () => {
    const text = lines({ kind: 'worker', rank: 1 }) + '\n' + lines(STEP);
    const metrics = parseMetrics(text, 'm');
    expect(metrics.records).toEqual([STEP]);
  });

  it('reads an empty file as no records', () => {
    expect(parseMetrics('', 'm').records).toEqual([]);
  });
});
