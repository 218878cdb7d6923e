import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { exportCommand } from './export.js';
import { inspectCommand } from './inspect.js';
import { reinitCommand } from './reinit.js';
import { reportCommand } from './report.js';
import { schemesCommand } from './schemes.js';
import { trainCommand } from './train.js';

/** Every zoo command, in alphabetical order. */
export const commands: readonly Command[] = [
  checkCommand,
  exportCommand,
  inspectCommand,
  reinitCommand,
  reportCommand,
  schemesCommand,
  trainCommand,
];
