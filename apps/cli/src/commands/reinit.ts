import { SCHEMES, createInitializer, findScheme, type Scheme } from '@zoo/init';
import {
  type BiasPolicy,
  planReinit,
  readModel,
  readRules,
  reinitModel,
  writeModel,
} from '@zoo/onnx';
import {
  parseCommandArgs,
  parseGain,
  parseInteger,
  parseNumber,
} from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { progressBar } from '../progress.js';
import { formatTable, num, shapeText } from '../table.js';

/** `negativeSlope` -> `negative-slope`: scheme options as CLI flags. */
const flagOf = (option: string) =>
  option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Every option of every scheme, as a flag; `gain` is handled apart. */
const SCHEME_FLAGS = [
  ...new Set(
    SCHEMES.flatMap((s) => s.options.map((o) => flagOf(o.name))).filter(
      (f) => f !== 'gain',
    ),
  ),
].sort();

const USAGE = `Usage: zoo reinit <model.onnx> -o <out.onnx> --scheme <name> [options]

Gives every weight of an ONNX model fresh values from a scheme, with the
fans of its layout; everything else in the file is kept byte for byte.
Biases get zeros, BatchNormalization scale 1, bias 0, mean 0, var 1,
unless a rule says otherwise. Tensors that are not weights are never
touched. The output is written atomically; the input is never touched.

  -o, --output <path>   the re-initialised model (required unless --dry-run)
  --scheme <name>       scheme for weights (see 'zoo schemes')
  --seed <n>            integer in [0, 2^53); default 0. Values depend only
                        on (seed, tensor name)
  --bias <policy>       zeros | torch-legacy | constant:<value>; default zeros
  --gain <g|auto>       a gain for schemes that take one; auto: the gain of
                        the activation after each layer (relu sqrt 2, ...)
  --rules <file.json>   {"rules": [{"op"|"name"|"role": ..., "scheme": ...,
                        "options": {...}, "gain": ...}]}; first match wins
  --dry-run             print the plan and check the output, write nothing
  --force               overwrite an existing output
  --quiet               no summary table
Scheme options (each scheme takes some; 'zoo schemes' lists which):
  ${SCHEME_FLAGS.map((f) => `--${f}`).join(' ')}
Numbers are decimal (0.01, 1e-2); write negative ones as --low=-0.05.
`;

export const reinitCommand: Command = {
  name: 'reinit',
  summary: 'give an ONNX model fresh weights from a scheme',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('reinit', argv, {
      output: { type: 'string', short: 'o' },
      scheme: { type: 'string' },
      seed: { type: 'string', default: '0' },
      bias: { type: 'string', default: 'zeros' },
      gain: { type: 'string' },
      rules: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      ...Object.fromEntries(
        SCHEME_FLAGS.map((f) => [f, { type: 'string' as const }]),
      ),
    });
    if (positionals.length !== 1) {
      throw new UsageError(
        `zoo reinit: expected one model path; got ${positionals.length}`,
      );
    }
    if (values.scheme === undefined) {
      throw new UsageError('zoo reinit: --scheme is required; see zoo schemes');
    }
    if (values.output === undefined && !values['dry-run']) {
      throw new UsageError('zoo reinit: -o <out.onnx> is required');
    }
    const scheme = findScheme(values.scheme);
    const flags = values as Record<string, string | boolean | undefined>;
    const given = schemeOptions(scheme, flags);
    // Bad scheme options fail here, before the model is read.
    createInitializer(scheme.name, given);
    const options = {
      scheme: scheme.name,
      schemeOptions: given,
      seed: parseInteger('--seed', values.seed, { min: 0 }),
      bias: parseBias(values.bias),
      gain: values.gain === undefined ? undefined : parseGain(values.gain),
      rules: values.rules === undefined ? [] : await readRules(values.rules),
    };
    const model = await readModel(positionals[0]!);
    const plan = planReinit(model, options);
    if (values['dry-run']) {
      // The same checks of the output paths as a real run, writing nothing.
      if (values.output !== undefined) {
        await writeModel(
          model,
          values.output,
          {},
          {
            force: values.force,
            dryRun: true,
          },
        );
      }
      if (!values.quiet) io.stdout.write(summary(plan.weights, undefined));
      io.stdout.write(
        `dry run: ${plan.weights.length} weights planned, ` +
          `nothing written\n`,
      );
      return 0;
    }
    const bar = progressBar(io, 'reinit');
    const { result, stats } = await reinitModel(model, values.output!, plan, {
      force: values.force,
      onProgress: bar.update,
    }).finally(bar.finish);
    if (!values.quiet) io.stdout.write(summary(plan.weights, stats));
    const data = result.dataFiles.length
      ? ` and ${result.dataFiles.length} external data file(s)`
      : '';
    io.stdout.write(
      `wrote ${result.path}${data}: ${plan.weights.length} weights, ` +
        `scheme ${scheme.name}, seed ${options.seed}\n`,
    );
    return 0;
  },
};

type Plan = ReturnType<typeof planReinit>['weights'];

function summary(
  weights: Plan,
  stats: ReadonlyMap<string, { std: number }> | undefined,
): string {
  const header = ['name', 'role', 'shape', 'scheme', 'from', 'target std'];
  if (stats) header.push('written std');
  return formatTable(
    header,
    weights.map((p) => {
      const row = [
        p.weight.name,
        p.weight.role,
        shapeText(p.weight.shape),
        p.scheme,
        p.origin,
        num(p.targetStd),
      ];
      if (stats) row.push(num(stats.get(p.weight.name)?.std));
      return row;
    }),
  );
}

/** The scheme's options from flags; flags of other schemes are errors. */
function schemeOptions(
  scheme: Scheme,
  flags: Readonly<Record<string, string | boolean | undefined>>,
): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const flag of SCHEME_FLAGS) {
    const text = flags[flag];
    if (typeof text !== 'string') continue;
    const option = scheme.options.find((o) => flagOf(o.name) === flag);
    if (option === undefined) {
      const takes = scheme.options.map((o) => `--${flagOf(o.name)}`);
      throw new RangeError(
        `zoo reinit: scheme ${scheme.name} takes no option --${flag}; ` +
          `it takes: ${takes.join(', ') || 'none'}`,
      );
    }
    options[option.name] =
      option.type === 'number' ? parseNumber(`--${flag}`, text) : text;
  }
  return options;
}

/** A bad --scheme or scheme option is a usage error: the command is wrong. */
function parseBias(text: string): BiasPolicy {
  if (text === 'zeros' || text === 'torch-legacy') return { kind: text };
  if (text.startsWith('constant:')) {
    return {
      kind: 'constant',
      value: parseNumber('--bias constant', text.slice(9)),
    };
  }
  throw new RangeError(
    `zoo reinit: --bias must be zeros, torch-legacy or constant:<value>; ` +
      `got '${text}'`,
  );
}
