import type { Layout, Scheme } from '../types.js';

/**
 * tfjs-layers converts every string of a layer's config on the way to
 * JSON (toSnakeCase) and back (toCamelCase): `OIHW` becomes `oihw`,
 * `fan_out` becomes `fanOut`, `Block_1/kernel` becomes `block1/kernel`.
 * Keys therefore travel percent-encoded (upper-case letters, `_`, `%` and
 * non-ASCII characters), which both conversions leave alone, and layouts
 * and string options are matched case- and separator-insensitively.
 */
export function encodeKey(key: string): string {
  let encoded = '';
  for (const c of key) {
    const code = c.codePointAt(0)!;
    const plain = c !== '_' && c !== '%' && c.toLowerCase() === c;
    if (plain && code < 128) encoded += c;
    else if (code < 128) encoded += `%${code.toString(16).padStart(2, '0')}`;
    else encoded += encodeURIComponent(c).toLowerCase();
  }
  return encoded;
}

/** The inverse of `encodeKey`. */
export function decodeKey(encoded: string): string {
  return decodeURIComponent(encoded);
}

const canonical = (text: string) => text.toLowerCase().replace(/[_-]/g, '');

/** The member of `allowed` that `value` names, ignoring case, `_` and `-`. */
export function matchAllowed(
  value: string,
  allowed: readonly string[],
): string | undefined {
  return allowed.find((a) => canonical(a) === canonical(value));
}

/** A layout from its name in any case (`oihw` after a JSON round trip). */
export function matchLayout(
  value: unknown,
  layouts: readonly Layout[],
): Layout | undefined {
  return typeof value === 'string'
    ? (matchAllowed(value, layouts) as Layout | undefined)
    : undefined;
}

/** Options with string values restored to the scheme's allowed spelling. */
export function restoreOptions(
  scheme: Scheme,
  options: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const restored: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    const allowed = scheme.options.find((o) => o.name === name)?.allowed;
    restored[name] =
      typeof value === 'string' && allowed !== undefined
        ? (matchAllowed(value, allowed) ?? value)
        : value;
  }
  return restored;
}
