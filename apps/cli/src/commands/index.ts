import type { Command } from '../command.js';
import { schemesCommand } from './schemes.js';

/** Every zoo command, in alphabetical order. */
export const commands: readonly Command[] = [schemesCommand];
