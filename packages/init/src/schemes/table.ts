import type { Scheme } from '../types.js';

/** Marks around the generated table in the README. */
export const TABLE_BEGIN = '<!-- schemes-table:begin -->';
export const TABLE_END = '<!-- schemes-table:end -->';

/** The READMEs that carry the table: this package's and the root one. */
export const READMES: readonly URL[] = [
  new URL('../../README.md', import.meta.url),
  new URL('../../../../README.md', import.meta.url),
];

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * The README's table of schemes, one row per scheme in list order, with
 * the same summary, formula, citation and options the registry holds.
 */
export function schemesTable(schemes: readonly Scheme[]): string {
  const rows = schemes.map((s) => {
    const options =
      s.options.length === 0
        ? '-'
        : s.options
            .map((o) => `${o.name} = ${String(o.default ?? '(required)')}`)
            .join(', ');
    const aliases = s.aliases.length === 0 ? '-' : s.aliases.join(', ');
    return (
      `| \`${s.name}\` | ${cell(aliases)} | ${cell(s.summary)} | ` +
      `\`${cell(s.formula)}\` | ${cell(options)} | ${cell(s.citation)} |`
    );
  });
  return [
    '| scheme | aliases | what | formula | options (defaults) | citation |',
    '| ------ | ------- | ---- | ------- | ------------------ | -------- |',
    ...rows,
  ].join('\n');
}
