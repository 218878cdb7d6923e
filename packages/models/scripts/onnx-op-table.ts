/**
 * Prints the table of supported ONNX ops, or with --write puts it into
 * README.md between the onnx-import-ops markers.
 *
 *   npx tsx --conditions=@zoo/source scripts/onnx-op-table.ts [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { supportedOpsTable, withOpTable } from '../src/import/op-table.js';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));

if (process.argv.includes('--write')) {
  writeFileSync(readme, withOpTable(readFileSync(readme, 'utf8')));
  console.log(`onnx-op-table: wrote ${readme}`);
} else {
  console.log(supportedOpsTable());
}
