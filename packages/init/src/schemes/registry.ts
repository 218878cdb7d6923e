import type { Initializer, Scheme } from '../types.js';

/**
 * Schemes by name and alias, case-insensitive. A name or alias that is
 * already taken is refused at registration; an unknown name is an error
 * that lists every registered name.
 */
export class SchemeRegistry {
  private readonly schemes: Scheme[] = [];
  private readonly byName = new Map<string, Scheme>();

  constructor(schemes: readonly Scheme[] = []) {
    for (const scheme of schemes) this.register(scheme);
  }

  /** Adds a scheme; its name and aliases must all be new. */
  register(scheme: Scheme): void {
    const keys = [scheme.name, ...scheme.aliases].map((k) => k.toLowerCase());
    for (const key of keys) {
      const owner = this.byName.get(key);
      if (owner !== undefined || keys.indexOf(key) !== keys.lastIndexOf(key)) {
        throw new RangeError(
          `SchemeRegistry.register: name or alias '${key}' of scheme ` +
            `'${scheme.name}' must be unique; already taken by ` +
            `'${owner?.name ?? scheme.name}'`,
        );
      }
    }
    for (const key of keys) this.byName.set(key, scheme);
    this.schemes.push(scheme);
  }

  /** The scheme of a name or alias, or undefined. */
  get(name: string): Scheme | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The scheme of a name or alias; an unknown name lists every name. */
  find(name: string): Scheme {
    const scheme = this.get(name);
    if (scheme === undefined) {
      throw new RangeError(
        `scheme: name must be one of ${this.names().join(', ')} ` +
          `(or an alias); got '${name}'`,
      );
    }
    return scheme;
  }

  /** Every scheme, sorted by name. */
  list(): readonly Scheme[] {
    return [...this.schemes].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every canonical name, sorted. */
  names(): string[] {
    return this.list().map((s) => s.name);
  }

  /** Looks a scheme up and configures it with validated options. */
  create(
    name: string,
    options?: Readonly<Record<string, unknown>>,
  ): Initializer {
    return this.find(name).create(options);
  }
}
