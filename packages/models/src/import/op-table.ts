/**
 * The user-facing table of supported ONNX ops, generated from the
 * registry: one row per registration, its opset range and the sentences
 * its not-implemented errors throw, word for word.
 */
import './ops/index.js';
import { registeredConverters } from './registry.js';

/** Markers around the table in packages/models/README.md. */
export const OP_TABLE_START = '<!-- onnx-import-ops:start -->';
export const OP_TABLE_END = '<!-- onnx-import-ops:end -->';

/** The markdown table of every registered converter. */
export function supportedOpsTable(): string {
  const rows = registeredConverters().map((c) => {
    const [first, last] = c.versions;
    const restrictions = (c.restrictions ?? []).join(' ');
    const domain = c.domain ?? 'ai.onnx';
    return (
      `| ${c.opType} | ${domain} | ${first}-${last} | ${c.summary} | ` +
      `${restrictions} |`
    );
  });
  return [
    '| op | domain | opsets | handles | not implemented |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** `readme` with the text between the markers replaced by the table. */
export function withOpTable(readme: string): string {
  const start = readme.indexOf(OP_TABLE_START);
  const end = readme.indexOf(OP_TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(
      `withOpTable: readme must contain ${OP_TABLE_START} then ` +
        `${OP_TABLE_END}; got start ${start}, end ${end}`,
    );
  }
  return (
    readme.slice(0, start + OP_TABLE_START.length) +
    `\n\n${supportedOpsTable()}\n\n` +
    readme.slice(end)
  );
}
