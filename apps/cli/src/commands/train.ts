import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ZooNotImplementedError } from '@zoo/models';
import { jsonLinesSink, loadRecipe, train } from '@zoo/train';
import { parseCommandArgs, parseInteger } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';

const USAGE = `Usage: zoo train <recipe.json|yaml> [options]

Trains a recipe (see packages/train/README.md) in this process. Prints
the resolved recipe, one fixed-format line per log interval, evaluation
and checkpoint lines, and as its last line a summary:
  done steps=N test_top1=F test_top5=F loss=L images_per_s=R seconds=S
Every log record is also appended as one JSON line to DIR/metrics.jsonl;
checkpoints (DIR/step-NNNNNNNN.zckpt) are written atomically.

  --out <dir>           run folder: metrics and checkpoints; default
                        runs/<recipe name>
  --resume              continue from the latest checkpoint in the run
                        folder (same seed, batch size, data, model, init)
  --set <key=value>     override a recipe field, parsed as the type of its
                        default (optimizer.lr=0.05, data.trainLimit=256);
                        repeatable, applied in order
  --workers <n>         data-parallel processes; only 1 is implemented
`;

/** `step-00000937.zckpt`: the names the library gives checkpoints. */
const CHECKPOINT = /^step-(\d{8})\.zckpt$/;

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
    if (workers > 1) {
      throw new ZooNotImplementedError(
        `zoo train: data-parallel workers are not implemented yet; ` +
          `--workers must be 1; got ${workers}`,
      );
    }
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
    mkdirSync(out, { recursive: true });
    const metrics = join(out, 'metrics.jsonl');
    if (resume === undefined) writeFileSync(metrics, '');
    const onLog = jsonLinesSink(metrics, (line) => {
      io.stdout.write(`${line}\n`);
    });

    const started = performance.now();
    const result = await train(recipe, {
      onLog,
      ...(resume === undefined ? {} : { resume }),
    });
    const seconds = (performance.now() - started) / 1000;
    const test = result.test;
    const fields = [
      `steps=${result.steps}`,
      `test_top1=${test === undefined ? 'none' : test.top1.toFixed(4)}`,
      `test_top5=${test === undefined ? 'none' : test.top5.toFixed(4)}`,
      `loss=${result.trainLoss.toFixed(4)}`,
      `images_per_s=${Math.round(result.imagesPerSecond)}`,
      `seconds=${Math.round(seconds)}`,
    ];
    io.stdout.write(`done ${fields.join(' ')}\n`);
    return 0;
  },
};

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
