import type { Writable } from 'node:stream';

/** Where a command writes: stdout for results, stderr for progress. */
export interface Io {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

/** One `zoo <name>` command. Work happens in packages; this parses/prints. */
export interface Command {
  readonly name: string;
  /** One line for `zoo --help`. */
  readonly summary: string;
  /** Full usage text for `zoo <name> --help`. */
  readonly usage: string;
  run(argv: readonly string[], io: Io): Promise<number>;
}
