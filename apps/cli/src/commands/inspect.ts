import { MAIN_SCHEMES, inspectModel, readModel } from '@zoo/onnx';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { escapeControls, formatTable, int, num, shapeText } from '../table.js';

const USAGE = `Usage: zoo inspect <model.onnx> [--json] [--all]

Shows every weight of an ONNX model: op, role, shape, layout, fan_in,
fan_out, the activation that follows its layer, its current mean and std,
and the std that lecun-normal, glorot-normal, he-normal and torch-legacy
would give it.
  --json   one JSON document with every tensor (weights and the rest)
  --all    also list tensors that are not weights, with the reason
`;

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'show the weights of an ONNX model, their fans and stds',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('inspect', argv, {
      json: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
    });
    if (positionals.length !== 1) {
      throw new UsageError(
        `zoo inspect: expected one model path; got ${positionals.length}`,
      );
    }
    const model = await readModel(positionals[0]!);
    const tensors = inspectModel(model);
    if (values.json) {
      const opsets = Object.fromEntries(model.opsets);
      const doc = {
        model: model.path,
        irVersion: model.irVersion,
        opsets,
        tensors,
      };
      io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      return 0;
    }
    const weights = tensors.filter((t) => t.reason === '');
    const others = tensors.filter((t) => t.reason !== '');
    const rows = weights.map((t) => [
      t.name,
      t.ops.join(','),
      t.role,
      shapeText(t.shape),
      t.layout ?? '-',
      int(t.fanIn),
      int(t.fanOut),
      t.activation,
      num(t.mean),
      num(t.std),
      ...MAIN_SCHEMES.map((s) => num(t.schemeStd[s])),
    ]);
    const header = [
      'name',
      'op',
      'role',
      'shape',
      'layout',
      'fan_in',
      'fan_out',
      'activation',
      'mean',
      'std',
      'std:lecun',
      'std:glorot',
      'std:he',
      'std:torch',
    ];
    io.stdout.write(
      `${escapeControls(model.path)}: IR ${model.irVersion}, opset ` +
        `${model.opsets.get('') ?? '?'}, ${weights.length} weights, ` +
        `${others.length} other tensors\n\n`,
    );
    io.stdout.write(formatTable(header, rows));
    if (values.all && others.length > 0) {
      io.stdout.write('\nnot weights (never touched by reinit):\n');
      io.stdout.write(
        formatTable(
          ['name', 'shape', 'type', 'reason'],
          others.map((t) => [t.name, shapeText(t.shape), t.dataType, t.reason]),
        ),
      );
    }
    return 0;
  },
};
