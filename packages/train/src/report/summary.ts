/** What a report shows of one run, gathered from its log records. */
import type { LogRecord } from '../loop/log.js';

type Of<K extends LogRecord['kind']> = Extract<LogRecord, { kind: K }>;

/** One run of a report: a name for the legend and its records in order. */
export interface ReportRun {
  readonly name: string;
  readonly records: readonly LogRecord[];
}

export interface RunSummary {
  readonly name: string;
  /** The recipe of the last `config` record (a resume logs it again). */
  readonly recipe: unknown;
  /** The `setup data` record: image counts, image size, backend. */
  readonly data: Of<'setup'> | undefined;
  /** One per step, the last logged (a resume logs some steps again). */
  readonly steps: Of<'step'>[];
  readonly evals: Of<'eval'>[];
  /** The step-0 statistics, one per layer, the first logged. */
  readonly layers: Of<'layer'>[];
  /** The first logged step whose loss is NaN or infinite. */
  readonly divergedAt: number | undefined;
}

export function summariseRun(run: ReportRun): RunSummary {
  const of = <K extends LogRecord['kind']>(kind: K): Of<K>[] =>
    run.records.filter((r): r is Of<K> => r.kind === kind);
  const steps = lastPerStep(of('step'));
  const layers = new Map<string, Of<'layer'>>();
  for (const l of of('layer')) if (!layers.has(l.layer)) layers.set(l.layer, l);

  return {
    name: run.name,
    recipe: of('config').at(-1)?.recipe,
    data: of('setup').find((r) => r.what === 'data'),
    steps,
    evals: lastPerStep(of('eval')),
    layers: [...layers.values()],
    divergedAt: steps.find((s) => !Number.isFinite(s.loss))?.step,
  };
}

/**
 * Records by step, ascending, keeping the last of each step: a run that
 * resumed from an earlier checkpoint logs those steps again.
 */
function lastPerStep<R extends { step: number }>(records: readonly R[]): R[] {
  const byStep = new Map<number, R>();
  for (const r of records) byStep.set(r.step, r);
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/**
 * The recipe as label/value rows. The recipe is read as logged: a field
 * a run of another version did not log shows as `?`.
 */
export function recipeRows(recipe: unknown): [string, string][] {
  const get = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>(
        (v, key) =>
          typeof v === 'object' && v !== null
            ? (v as Record<string, unknown>)[key]
            : undefined,
        recipe,
      );
  const text = (path: string): string => show(get(path));
  const withOptions = (name: string, options: string): string => {
    const o = get(options);
    const given = typeof o === 'object' && o !== null && Object.keys(o).length;
    return given ? `${text(name)} ${JSON.stringify(o)}` : text(name);
  };
  const rules = get('init.rules');
  const ruleCount = Array.isArray(rules) ? rules.length : 0;
  const length =
    typeof get('maxSteps') === 'number' && get('maxSteps') !== 0
      ? `${text('maxSteps')} steps (maxSteps)`
      : `${text('epochs')} epochs`;

  return [
    ['recipe', text('name')],
    ['architecture', withOptions('model.architecture', 'model.options')],
    [
      'init',
      `${withOptions('init.scheme', 'init.options')}; biases ` +
        withOptions('init.bias', 'init.biasOptions') +
        (ruleCount > 0 ? `; ${ruleCount} rule(s)` : ''),
    ],
    ['seeds', `init ${text('init.seed')}, data order ${text('seed')}`],
    ['batch size', text('batchSize')],
    [
      'optimizer',
      `${text('optimizer.kind')}, lr ${text('optimizer.lr')}, momentum ` +
        `${text('optimizer.momentum')}` +
        (get('optimizer.nesterov') === true ? ' (Nesterov)' : '') +
        `, weight decay ${text('optimizer.weightDecay')}`,
    ],
    ['schedule', schedule(get)],
    ['length', length],
  ];
}

/** The schedule with the fields its kind uses. */
function schedule(get: (path: string) => unknown): string {
  const f = (name: string): string => show(get(`schedule.${name}`));
  const kind = get('schedule.kind');
  const parts = [show(kind)];
  if (kind === 'step')
    parts.push(`x${f('gamma')} every ${f('stepEpochs')} epochs`);
  if (kind === 'multistep') {
    parts.push(`x${f('gamma')} at epochs ${f('milestones')}`);
  }
  if (kind === 'cosine') parts.push(`to ${f('minLr')}`);
  if (kind === 'plateau') {
    parts.push(
      `x${f('gamma')} after ${f('patience')} evals without a lower ` +
        `test loss, at most ${f('maxDecays')} decays (0: no limit)`,
    );
  }
  const warmup = get('schedule.warmupSteps');
  if (typeof warmup === 'number' && warmup > 0) {
    parts.push(`warmup ${warmup} steps`);
  }
  return parts.join(', ');
}

function show(value: unknown): string {
  if (value === undefined) return '?';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
