import { SCHEMES } from '@zoo/init';
import { noPositionals, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const USAGE = `Usage: zoo schemes [--json]

Lists every initialisation scheme with its formula, options and citation.
  --json    JSON Lines: one JSON object per scheme, one per line
`;

export const schemesCommand: Command = {
  name: 'schemes',
  summary: 'list every initialisation scheme with formula and citation',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('schemes', argv, {
      json: { type: 'boolean', default: false },
    });
    noPositionals('schemes', positionals);
    for (const scheme of SCHEMES) {
      if (values.json) {
        const { create: _create, ...facts } = scheme;
        io.stdout.write(`${JSON.stringify(facts)}\n`);
        continue;
      }
      const aliases = scheme.aliases.length
        ? ` (also: ${scheme.aliases.join(', ')})`
        : '';
      const options = scheme.options
        .map((o) => `${o.name}=${String(o.default ?? '')}`)
        .join(' ');
      io.stdout.write(`${scheme.name}${aliases}\n  ${scheme.summary}\n`);
      io.stdout.write(`  formula:  ${scheme.formula}\n`);
      if (options) io.stdout.write(`  options:  ${options}\n`);
      io.stdout.write(`  source:   ${scheme.citation}\n\n`);
    }
    return 0;
  },
};
