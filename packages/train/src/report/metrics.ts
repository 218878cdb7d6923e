/** Reads back the JSON-lines metrics that `jsonLinesSink` appends. */
import { readFileSync } from 'node:fs';

import type { LogRecord } from '../loop/log.js';
import { show } from '../recipe/errors.js';

/** A metrics file that cannot be read as log records. */
export class MetricsError extends Error {
  override readonly name = 'MetricsError';
}

/** The records of one metrics file, and what was skipped on the way. */
export interface Metrics {
  readonly path: string;
  readonly records: LogRecord[];
  /** One message per skipped line (a truncated last line), `file:line: ...`. */
  readonly warnings: string[];
}

/**
 * The numeric fields of each record kind. JSON has no NaN or Infinity:
 * `JSON.stringify` writes them as null (the loss of a diverged run, the eta
 * of a run with no throughput yet), so null reads back as NaN.
 */
const NUMBERS: Readonly<Record<string, readonly string[]>> = {
  step: [
    'step',
    'totalSteps',
    'epoch',
    'loss',
    'lr',
    'imagesPerSecond',
    'etaSeconds',
  ],
  eval: ['step', 'epoch', 'loss', 'top1', 'top5'],
  layer: ['activationStd', 'gradientStd'],
  checkpoint: ['step'],
};

const STRINGS: Readonly<Record<string, readonly string[]>> = {
  setup: ['what'],
  layer: ['layer'],
  checkpoint: ['path'],
};

const KINDS = ['config', 'setup', 'layer', 'step', 'eval', 'checkpoint'];

/**
 * Reads `path` as JSON lines of `LogRecord`s. A line that is not a record
 * is an error naming `path:line`, except a last line without its newline
 * that does not parse: the tail of a run killed while appending, which
 * is skipped with a warning. Records of kinds this version does not know
 * are skipped silently; blank lines are ignored.
 *
 * @example
 *   const { records, warnings } = readMetrics('runs/he/metrics.jsonl');
 */
export function readMetrics(path: string): Metrics {
  return parseMetrics(readFileSync(path, 'utf8'), path);
}

/** `readMetrics` on text already read; `path` only names it in messages. */
export function parseMetrics(text: string, path: string): Metrics {
  const lines = text.split('\n');
  // A final newline leaves one empty string after it.
  const truncated = lines.at(-1) !== '';
  if (!truncated) lines.pop();
  const records: LogRecord[] = [];
  const warnings: string[] = [];

  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (truncated && i === lines.length - 1) {
        warnings.push(
          `${where}: skipped a truncated last line (no newline, not JSON)`,
        );
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new MetricsError(`${where}: line must be JSON; ${reason}`);
    }
    const record = checkRecord(value, where);
    if (record !== undefined) records.push(record);
  });
  return { path, records, warnings };
}

/** `value` as a record, undefined for an unknown kind; throws if malformed. */
function checkRecord(value: unknown, where: string): LogRecord | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MetricsError(
      `${where}: a record must be a JSON object; got ${clip(show(value))}`,
    );
  }
  const record = value as Record<string, unknown>;
  const kind = record['kind'];
  if (typeof kind !== 'string') {
    throw new MetricsError(
      `${where}: a record must have a string field kind (one of ` +
        `${KINDS.join(', ')}); got ${clip(show(kind))}`,
    );
  }
  if (!KINDS.includes(kind)) return undefined;

  const fixed: Record<string, unknown> = { ...record };
  for (const field of NUMBERS[kind] ?? []) {
    const v = record[field];
    if (typeof v !== 'number' && v !== null) {
      throw new MetricsError(
        `${where}: ${kind} record field ${field} must be a number or ` +
          `null; got ${clip(show(v))}`,
      );
    }
    fixed[field] = v ?? NaN;
  }
  for (const field of STRINGS[kind] ?? []) {
    if (typeof record[field] !== 'string') {
      throw new MetricsError(
        `${where}: ${kind} record field ${field} must be a string; ` +
          `got ${clip(show(record[field]))}`,
      );
    }
  }
  return fixed as LogRecord;
}

/** At most 80 characters of a value shown in a message. */
function clip(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 77)}...`;
}
