import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  architectureNames,
  architectureSpec,
  buildArchitecture,
  encodeOnnx,
  inputPresets,
  useBestBackend,
  type InputPreset,
} from '@zoo/models';
import { parseModel, planReinit, reinitModel } from '@zoo/onnx';
import { parseCommandArgs, parseGain, parseInteger } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { progressBar } from '../progress.js';

const USAGE = `Usage: zoo export <architecture> -o <out.onnx> [options]
       zoo export --list

Builds a zoo architecture and writes it as ONNX (opset 13, IR 7), laid out
as torchvision exports: input 'input' [N, C, H, W] float32, output
'logits', conv weights OIHW, Gemm weights [out, in] (transB 1), weights
named after their layers (conv1.weight, fc6.bias). The weights are drawn
as 'zoo reinit' draws them: --scheme for layer weights, zeros for biases,
the identity for BatchNormalization; values depend only on (seed, name).
The output is written atomically.

  -o, --output <path>   the ONNX file to write (required)
  --scheme <name>       scheme for weights (see 'zoo schemes'); default
                        glorot-uniform, tfjs-layers' default
  --seed <n>            integer in [0, 2^53); default 0
  --gain <g|auto>       a gain for schemes that take one; auto: that of the
                        activation after each layer
  --input <size>        imagenet | cifar10 | fashion-mnist, or a size:
                        224, 227, 32x32x3, 28x28x1 (the architecture's
                        ImageNet size or a small preset); default imagenet
                        (fashion-mnist for mlp)
  --classes <n>         output classes; default 1000 (10 for small inputs)
  --list                print the architecture names, one per line
  --force               overwrite an existing output
`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a zoo architecture as an ONNX model',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('export', argv, {
      output: { type: 'string', short: 'o' },
      scheme: { type: 'string', default: 'glorot-uniform' },
      seed: { type: 'string', default: '0' },
      gain: { type: 'string' },
      input: { type: 'string' },
      classes: { type: 'string' },
      list: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
    });
    if (values.list) {
      if (positionals.length > 0) {
        throw new UsageError('zoo export: --list takes no architecture');
      }
      io.stdout.write(
        architectureNames()
          .map((n) => `${n}\n`)
          .join(''),
      );
      return 0;
    }
    if (positionals.length !== 1) {
      throw new UsageError(
        `zoo export: expected one architecture name; got ${positionals.length}`,
      );
    }
    if (values.output === undefined) {
      throw new UsageError('zoo export: -o <out.onnx> is required');
    }
    const name = positionals[0]!;
    if (!architectureNames().includes(name)) {
      throw new RangeError(
        `zoo export: architecture must be one of ` +
          `${architectureNames().join(', ')}; got '${name}'`,
      );
    }
    const out = resolve(values.output);
    if (!values.force && existsSync(out)) {
      throw new RangeError(
        `zoo export: output must not exist (use --force); got ${out}`,
      );
    }
    const input =
      values.input === undefined ? undefined : parseInput(name, values.input);
    const classes =
      values.classes === undefined
        ? undefined
        : parseInteger('--classes', values.classes, { min: 1 });
    const options = {
      scheme: values.scheme,
      seed: parseInteger('--seed', values.seed, { min: 0 }),
      ...(values.gain === undefined ? {} : { gain: parseGain(values.gain) }),
    };

    await useBestBackend({ order: ['wasm', 'cpu'] });
    // Zeros: cheap to build, and every weight is drawn again below.
    const model = buildArchitecture(name, {
      initializer: 'zeros',
      ...(input === undefined ? {} : { input }),
      ...(classes === undefined ? {} : { classes }),
    });
    const [h, w, c] = (model.inputs[0]?.shape ?? []).slice(1);
    const size = `${h}x${w}x${c}`;
    const encoded = (() => {
      try {
        return encodeOnnx(model);
      } finally {
        model.dispose();
      }
    })();
    const parsed = parseModel(encoded.bytes, { path: `<${name}>` });
    const plan = planReinit(parsed, options);
    const bar = progressBar(io, 'export');
    const { result } = await reinitModel(parsed, out, plan, {
      force: values.force,
      onProgress: bar.update,
    }).finally(bar.finish);
    io.stdout.write(
      `wrote ${result.path}: ${name}, input ${size} (the file's is NCHW ` +
        `${c}x${h}x${w}), ` +
        `${encoded.parameters} parameters in ${plan.weights.length} ` +
        `tensors, scheme ${options.scheme}, seed ${options.seed}\n`,
    );
    return 0;
  },
};

const SMALL: Readonly<Record<string, InputPreset>> = {
  '32x32x3': 'cifar10',
  '28x28x1': 'fashion-mnist',
};

/**
 * A preset name or a size: `N` (NxNx3) or `HxWxC`. The ImageNet size is
 * the architecture's published one (mlp's is 224x224x3).
 */
function parseInput(name: string, text: string): InputPreset {
  if ((inputPresets as readonly string[]).includes(text)) {
    return text as InputPreset;
  }
  const size = /^\d+$/.test(text) ? `${text}x${text}x3` : text;
  const spec = architectureSpec(name).input.join('x');
  const imagenet = SMALL[spec] === undefined ? spec : '224x224x3';
  const sizes: Record<string, InputPreset> = {
    ...SMALL,
    [imagenet]: 'imagenet',
  };
  const preset = sizes[size];
  if (preset === undefined) {
    throw new RangeError(
      `zoo export: --input must be one of ${inputPresets.join(', ')}, ` +
        `${Object.keys(sizes).join(', ')} for ${name}; got '${text}'`,
    );
  }
  return preset;
}
