import type { SchemeOption } from '../types.js';

/** A scheme's options after validation, with every default filled in. */
export type ResolvedOptions = Readonly<
  Record<string, number | string | boolean>
>;

/**
 * Validates `given` against a scheme's declared options: unknown names,
 * wrong types, non-finite numbers and string values outside `allowed`
 * are errors naming the option, the allowed set and the value given.
 * Missing options take their defaults (`??`: an explicit 0 is kept).
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
    const value = given?.[option.name] ?? option.default;
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
    throw new TypeError(
      `${where}: option ${option.name} must be a ${option.type}; ` +
        `got ${shown} (${typeof value})`,
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

/** A number option, checked against an inclusive lower bound. */
export function numberOption(
  where: string,
  options: ResolvedOptions,
  name: string,
  min = -Infinity,
): number {
  const value = options[name] as number;
  if (value < min) {
    throw new RangeError(
      `${where}: option ${name} must be >= ${min}; got ${value}`,
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
