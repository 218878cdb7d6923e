import type { SchemeOption } from '../types.js';

/** A scheme's options after validation, with every default filled in. */
export type ResolvedOptions = Readonly<
  Record<string, number | string | boolean>
>;

/**
 * Validates `given` against a scheme's declared options: unknown names,
 * wrong types, non-finite numbers and string values outside `allowed`
 * are errors naming the option, the allowed set and the value given.
 * Missing options take their defaults (an explicit 0 is kept; an
 * explicit null is a TypeError, not the default).
 */
export function resolveOptions(
  where: string,
  declared: readonly SchemeOption[],
  given: Readonly<Record<string, unknown>> | undefined,
): ResolvedOptions {
  const names = declared.map((o) => o.name);
  const resolved: Record<string, number | string | boolean> = {};
  for (const name of Object.keys(given ?? {})) {
    if (!names.includes(name)) {
      throw new RangeError(
        `${where}: option name must be one of ` +
          `${names.length > 0 ? names.join(', ') : '(none)'}; got '${name}'`,
      );
    }
  }
  for (const option of declared) {
    // An explicit null is an error, not the default: only a missing
    // option (or undefined) takes it.
    const explicit = given?.[option.name];
    const value = explicit === undefined ? option.default : explicit;
    if (value === undefined) {
      throw new TypeError(
        `${where}: option ${option.name} must be given; got undefined`,
      );
    }
    resolved[option.name] = checkValue(where, option, value);
  }
  return resolved;
}

function checkValue(
  where: string,
  option: SchemeOption,
  value: unknown,
): number | string | boolean {
  const shown = typeof value === 'string' ? `'${value}'` : String(value);
  if (typeof value !== option.type) {
    const allowed =
      option.allowed === undefined
        ? ''
        : ` (one of ${option.allowed.join(', ')})`;
    throw new TypeError(
      `${where}: option ${option.name} must be a ${option.type}${allowed}; ` +
        `got ${shown} (${value === null ? 'null' : typeof value})`,
    );
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new RangeError(
      `${where}: option ${option.name} must be a finite number; got ${shown}`,
    );
  }
  if (
    typeof value === 'string' &&
    option.allowed !== undefined &&
    !option.allowed.includes(value)
  ) {
    throw new RangeError(
      `${where}: option ${option.name} must be one of ` +
        `${option.allowed.join(', ')}; got ${shown}`,
    );
  }
  return value as number | string | boolean;
}

/**
 * A number option, checked against an inclusive lower bound; `minName`
 * names the bound when it is another option (`>= low (1)`).
 */
export function numberOption(
  where: string,
  options: ResolvedOptions,
  name: string,
  min = -Infinity,
  minName?: string,
): number {
  const value = options[name] as number;
  if (value < min) {
    const bound = minName === undefined ? `${min}` : `${minName} (${min})`;
    throw new RangeError(
      `${where}: option ${name} must be >= ${bound}; got ${value}`,
    );
  }
  return value;
}

/** A string option; `resolveOptions` has checked it against `allowed`. */
export function stringOption<T extends string>(
  options: ResolvedOptions,
  name: string,
): T {
  return options[name] as T;
}
