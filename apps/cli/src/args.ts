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

/**
 * Parses a decimal integer option value, naming the option in the error.
 * A bad value is bad input (exit 1), not a usage error.
 */
export function parseInteger(
  where: string,
  text: string,
  { min = Number.MIN_SAFE_INTEGER }: { min?: number } = {},
): number {
  const value = Number(text);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `${where} must be a decimal integer in [${min}, 2^53); got '${text}'`,
    );
  }
  return value;
}

/** Parses a finite number option value, naming the option in the error. */
export function parseNumber(where: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new RangeError(`${where} must be a finite number; got '${text}'`);
  }
  return value;
}
