import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  readMetrics,
  renderReport,
  writeTextAtomic,
  type ReportRun,
} from '@zoo/train';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';

const USAGE = `Usage: zoo report <run-dir|metrics.jsonl>... -o <report.html> [options]

Writes one self-contained HTML page (inline CSS and SVG, no scripts, no
links) comparing training runs of 'zoo train': training loss, test top-1
(solid) and top-5 (dashed) and learning rate against the step, every run
overlaid in its own colour; then per run the recipe, the final test
accuracy, steps, images/s and the step-0 std of each layer's output and
gradient. A run is a run folder (its metrics.jsonl) or a metrics file; it
is named after its folder. The output is written atomically.

  -o, --output <path>   the HTML file to write (required)
  --title <text>        the page's title; default 'Training report'
  --name <name>         the name of a run in the legends instead of its
                        folder's; repeat once per run, in order
  --force               overwrite an existing output
`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'write an HTML report comparing training runs',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('report', argv, {
      output: { type: 'string', short: 'o' },
      title: { type: 'string' },
      name: { type: 'string', multiple: true, default: [] },
      force: { type: 'boolean', default: false },
    });
    if (positionals.length === 0) {
      throw new UsageError(
        'zoo report: expected one or more run folders or metrics files; ' +
          'got none',
      );
    }
    if (values.output === undefined) {
      throw new UsageError('zoo report: -o <report.html> is required');
    }
    const names = values.name;
    if (names.length > 0 && names.length !== positionals.length) {
      throw new UsageError(
        `zoo report: --name must be given once per run (` +
          `${positionals.length}); got ${names.length}`,
      );
    }
    const out = resolve(values.output);
    const files = positionals.map(metricsFile);
    if (files.includes(out)) {
      throw new RangeError(
        `zoo report: output must not be one of the metrics files; got ${out}`,
      );
    }
    checkOutput(out, values.force);

    const runs = uniqueNames(
      files.map((file, i): ReportRun => {
        const { records, warnings } = read(file);
        for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
        if (records.length === 0) {
          throw new RangeError(
            `zoo report: a metrics file must hold at least one record; ` +
              `got none in ${file}`,
          );
        }
        return { name: names[i] ?? runName(file), records };
      }),
    );
    const html = renderReport(
      runs,
      values.title === undefined ? {} : { title: values.title },
    );
    mkdirSync(dirname(out), { recursive: true });
    writeTextAtomic(out, html);
    io.stdout.write(
      `wrote ${out}: ${runs.length} run(s), ` +
        `${runs.map((r) => r.name).join(', ')}\n`,
    );
    return 0;
  },
};

/** The metrics file of a run folder or file argument, as an absolute path. */
function metricsFile(arg: string): string {
  const path = resolve(arg);
  if (!existsSync(path)) {
    throw new RangeError(
      `zoo report: a run must be a run folder or a metrics file; ` +
        `got ${arg} (no such file or folder)`,
    );
  }
  if (!statSync(path).isDirectory()) return path;
  const file = join(path, 'metrics.jsonl');
  if (!existsSync(file)) {
    throw new RangeError(
      `zoo report: a run folder must hold metrics.jsonl; got ${arg}`,
    );
  }
  return file;
}

/** `readMetrics`, with a file that cannot be read named in the error. */
function read(file: string): ReturnType<typeof readMetrics> {
  try {
    return readMetrics(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new RangeError(
      `zoo report: a metrics file must be a readable file; got ${file} ` +
        `(${code})`,
      { cause: error },
    );
  }
}

/** A run's name: its folder's, or the file's own without `.jsonl`. */
function runName(file: string): string {
  const name = basename(file);
  return name === 'metrics.jsonl'
    ? basename(dirname(file))
    : name.replace(/\.jsonl$/, '');
}

/** Names told apart: a second `he` becomes `he (2)`. */
function uniqueNames(runs: readonly ReportRun[]): ReportRun[] {
  const seen = new Map<string, number>();
  return runs.map((run) => {
    const count = (seen.get(run.name) ?? 0) + 1;
    seen.set(run.name, count);
    return count === 1 ? run : { ...run, name: `${run.name} (${count})` };
  });
}

/** An existing output needs --force, and must be a regular file even then. */
function checkOutput(out: string, force: boolean): void {
  if (!existsSync(out)) return;
  if (!force) {
    throw new RangeError(
      `zoo report: output must not exist (use --force); got ${out}`,
    );
  }
  if (!statSync(out).isFile()) {
    throw new RangeError(
      `zoo report: output must be a regular file to overwrite; got ${out}`,
    );
  }
}
