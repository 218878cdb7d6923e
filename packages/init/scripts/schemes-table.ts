// Writes the table of schemes, generated from the registry, between the
// schemes-table marks of packages/init/README.md and the root README.md:
//   npx tsx packages/init/scripts/schemes-table.ts
// src/schemes/table.test.ts fails while a README's table differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { SCHEMES } from '../src/schemes/index.js';
import {
  READMES,
  TABLE_BEGIN,
  TABLE_END,
  schemesTable,
} from '../src/schemes/table.js';

for (const url of READMES) {
  const text = readFileSync(url, 'utf8');
  const begin = text.indexOf(TABLE_BEGIN);
  const end = text.indexOf(TABLE_END);
  if (begin < 0 || end < begin)
    throw new Error(`${url.pathname}: no table marks`);
  const table = schemesTable(SCHEMES);
  const head = text.slice(0, begin + TABLE_BEGIN.length);
  const next = `${head}\n${table}\n${text.slice(end)}`;
  writeFileSync(url, next);
  console.log(`wrote the schemes table into ${url.pathname}`);
}
