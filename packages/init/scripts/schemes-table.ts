// Prints the README's table of schemes, generated from the registry:
//   npx tsx packages/init/scripts/schemes-table.ts
// Paste it between the schemes-table marks of packages/init/README.md;
// src/schemes/table.test.ts fails while the two differ.
import { SCHEMES } from '../src/schemes/index.js';
import { schemesTable } from '../src/schemes/table.js';

console.log(schemesTable(SCHEMES));
