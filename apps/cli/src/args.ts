import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments strictly: unknown options and missing
 * values are usage errors that name the command and the option.
 */
export function parseCommandArgs<T extends Options>(
  command: string,
  argv: readonly string[],
  options: T,
) {
  try {
    return parseArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`zoo ${command}: ${message}`);
  }
}

/** Parses an integer option, naming it in the error. */
export function parseInteger(
  where: string,
  text: string,
  { min = Number.MIN_SAFE_INTEGER }: { min?: number } = {},
): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(
      `${where}: must be an integer >= ${min}; got '${text}'`,
    );
  }
  return value;
}

/** Parses a finite number option, naming it in the error. */
export function parseNumber(where: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`${where}: must be a finite number; got '${text}'`);
  }
  return value;
}
