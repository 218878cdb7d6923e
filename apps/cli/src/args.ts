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

/** Decimal or scientific notation: 2, -0.05, .5, 1e-3, +3.5E2. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a finite number option value in decimal or scientific notation,
 * naming the option in the error. `Number` alone would also take hex
 * (0x10), binary, octal, whitespace and the empty string.
 */
export function parseNumber(where: string, text: string): number {
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value)) {
    throw new RangeError(
      `${where} must be a finite decimal number (like 0.5 or 1e-3); ` +
        `got '${text}'`,
    );
  }
  return value;
}

/** Refuses positional arguments for a command that takes none. */
export function noPositionals(
  command: string,
  positionals: readonly string[],
): void {
  if (positionals.length > 0) {
    throw new UsageError(
      `zoo ${command}: takes no arguments; got '${positionals.join(' ')}'`,
    );
  }
}

/** Parses `--gain`: a positive finite number or `auto`. */
export function parseGain(text: string): number | 'auto' {
  if (text === 'auto') return text;
  const gain = parseNumber('--gain', text);
  if (gain <= 0) {
    throw new RangeError(
      `--gain must be a positive number or auto; got '${text}'`,
    );
  }
  return gain;
}
