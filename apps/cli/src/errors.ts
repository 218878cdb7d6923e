/** Wrong command-line usage: unknown command or option, missing argument. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes of every zoo command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
