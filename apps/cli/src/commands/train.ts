import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  jsonLinesSink,
  loadRecipe,
  type LogSink,
  readMetrics,
  renderReport,
  train,
  writeTextAtomic,
} from '@zoo/train';
import { parseCommandArgs, parseInteger } from '../args.js';
import type { Command, Io } from '../command.js';
import { UsageError } from '../errors.js';
import { trainProgress } from '../progress.js';

const USAGE = `Usage: zoo train <recipe.json|yaml> [options]

Trains a recipe (see packages/train/README.md) in this process. Prints
the resolved recipe, one fixed-format line per log interval, evaluation
and checkpoint lines, and as its last line a summary:
  done steps=N test_top1=F test_top5=F loss=L images_per_s=R seconds=S
Every log record is also appended as one JSON line to DIR/metrics.jsonl;
checkpoints (DIR/step-NNNNNNNN.zckpt) are written atomically, and the
trained model is written to DIR/model.onnx. At the end, DIR/report.html
(see 'zoo report') is written and its path printed: report <path>.
When stderr is a terminal, a progress bar is drawn there from the step
records: step S/N [####....] loss L R img/s eta 1m32s.

  --out <dir>           run folder: metrics and checkpoints; default
                        runs/<recipe name>
  --resume              continue from the latest checkpoint in the run
                        folder (same seed, batch size, data, model, init)
  --set <key=value>     override a recipe field, parsed as the type of its
                        default (optimizer.lr=0.05, data.trainLimit=256);
                        repeatable, applied in order
  --workers <n>         data-parallel replicas (worker threads) with a
                        synchronous gradient all-reduce; batchSize must be
                        divisible by n, n at most the number of cores;
                        default 1
`;

/** `step-00000937.zckpt`: the names the library gives checkpoints. */
const CHECKPOINT = /^step-(\d{8})\.zckpt$/;
/** `.step-00000937.zckpt.PID-TAG.tmp`: a write a killed run left. */
const TORN_CHECKPOINT = /^\.step-\d{8}\.zckpt\.\d+-[0-9a-f]+\.tmp$/;

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a recipe, with checkpoints and JSON-lines metrics',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('train', argv, {
      out: { type: 'string' },
      resume: { type: 'boolean', default: false },
      set: { type: 'string', multiple: true, default: [] },
      workers: { type: 'string', default: '1' },
    });
    if (positionals.length !== 1) {
      throw new UsageError(
        `zoo train: expected one recipe path; got ${positionals.length}`,
      );
    }
    const workers = parseInteger('--workers', values.workers, { min: 1 });
    const path = positionals[0]!;
    if (!existsSync(path)) {
      throw new RangeError(`zoo train: recipe file must exist; got ${path}`);
    }

    const sets = values.set;
    const named = loadRecipe(path, sets);
    const out = resolve(values.out ?? join('runs', named.name));
    // The run folder is the checkpoint folder: the printed recipe says so.
    const recipe = loadRecipe(path, [...sets, `checkpointDir=${out}`]);
    const resume = values.resume ? latestCheckpoint(out) : undefined;
    if (resume === undefined && checkpoints(out).length > 0) {
      throw new RangeError(
        `zoo train: --out must hold no checkpoints for a new run (use ` +
          `--resume or another folder); got ${out}`,
      );
    }
    if (existsSync(out)) {
      for (const name of readdirSync(out)) {
        if (TORN_CHECKPOINT.test(name)) rmSync(join(out, name));
      }
    }
    const metrics = join(out, 'metrics.jsonl');
    if (resume !== undefined) dropTornLine(metrics);
    const progress = trainProgress(io);
    const onLog = bufferedMetrics(metrics, resume === undefined, progress.line);

    const t0 = performance.now();
    const result = await train(recipe, {
      onLog,
      workers,
      onnx: join(out, 'model.onnx'),
      ...(resume === undefined ? {} : { resume }),
    }).finally(progress.finish);
    const seconds = (performance.now() - t0) / 1000;
    const test = result.test;
    const fields = [
      `steps=${result.steps}`,
      `test_top1=${test === undefined ? 'none' : test.top1.toFixed(4)}`,
      `test_top5=${test === undefined ? 'none' : test.top5.toFixed(4)}`,
      `loss=${result.trainLoss.toFixed(4)}`,
      `images_per_s=${Math.round(result.imagesPerSecond)}`,
      `seconds=${Math.round(seconds)}`,
    ];
    writeReport(out, recipe.name, io);
    io.stdout.write(`done ${fields.join(' ')}\n`);
    return 0;
  },
};

/**
 * The metrics sink of a run: each record as a JSON line in `path`, then
 * to `next`. The config and setup records wait in memory until the first
 * other record (a step's): a run that fails its checks (recipe, data,
 * model, workers, resume), or is killed during them, writes nothing, and
 * a new run replaces an old folder's metrics only once it trains.
 */
function bufferedMetrics(
  path: string,
  replace: boolean,
  next: LogSink,
): LogSink {
  const write = jsonLinesSink(path);
  let pending: Parameters<LogSink>[] | undefined = [];
  return (line, record) => {
    if (pending !== undefined) {
      if (record.kind === 'config' || record.kind === 'setup') {
        pending.push([line, record]);
        next(line, record);
        return;
      }
      mkdirSync(dirname(path), { recursive: true });
      if (replace) writeFileSync(path, '');
      for (const args of pending) write(...args);
      pending = undefined;
    }
    write(line, record);
    next(line, record);
  };
}

/**
 * Writes DIR/report.html from the whole of DIR/metrics.jsonl (a resumed
 * run's too) and prints its path. The run has trained by then: a report
 * that cannot be written is a warning, not a failure.
 */
function writeReport(out: string, name: string, io: Io): void {
  const path = join(out, 'report.html');
  try {
    const { records, warnings } = readMetrics(join(out, 'metrics.jsonl'));
    for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
    const html = renderReport([{ name: basename(out), records }], {
      title: `Training report: ${name}`,
    });
    writeTextAtomic(path, html);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`warning: ${path} not written: ${message}\n`);
    return;
  }
  io.stdout.write(`report ${path}\n`);
}

/**
 * Cuts a last line without its newline off `path`: what a run killed
 * mid-write leaves, which the resumed run's records must not extend.
 */
function dropTornLine(path: string): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path);
  const end = text.lastIndexOf(0x0a) + 1;
  if (end < text.length) truncateSync(path, end);
}

/** The checkpoint file names in `dir`, by step. */
function checkpoints(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => CHECKPOINT.test(n))
        .sort()
    : [];
}

/** The checkpoint of the highest step in `dir`; an error if none. */
function latestCheckpoint(dir: string): string {
  const latest = checkpoints(dir).at(-1);
  if (latest === undefined) {
    throw new RangeError(
      `zoo train: --resume needs a checkpoint step-NNNNNNNN.zckpt in ` +
        `${dir}; got none`,
    );
  }
  return join(dir, latest);
}
