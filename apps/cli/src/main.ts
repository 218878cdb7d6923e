import type { Command, Io } from './command.js';
import { EXIT, UsageError } from './errors.js';
import { commands } from './commands/index.js';

const HELP = `zoo: re-initialise, convert and retrain the classic ImageNet convnets

Usage: zoo <command> [options]     zoo <command> --help

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Exit codes: 0 ok; 1 failure: bad input or option value, failed check,
nothing written; 2 usage: unknown option, missing or extra argument.
`;

/**
 * Runs one zoo command and returns its exit code. Errors never escape:
 * they are printed as one line naming the problem (with the stack when
 * ZOO_DEBUG is set).
 */
export async function main(
  argv: readonly string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  quietOnClosedPipe(io.stdout);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout.write(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr.write(
      `zoo: unknown command '${name}'; expected one of: ` +
        `${commands.map((c) => c.name).join(', ')}\n`,
    );
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage);
    return EXIT.ok;
  }
  return runCommand(command, rest, io);
}

async function runCommand(
  command: Command,
  argv: readonly string[],
  io: Io,
): Promise<number> {
  try {
    return await command.run(argv, io);
  } catch (error) {
    const usage = error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error: ${forUsers(message)}\n`);
    if (usage) io.stderr.write(`see: zoo ${command.name} --help\n`);
    if (process.env['ZOO_DEBUG'] && error instanceof Error) {
      io.stderr.write(`${error.stack ?? ''}\n`);
    }
    return usage ? EXIT.usage : EXIT.failure;
  }
}

/**
 * A library message as a CLI user should read it: without the name of
 * the function that threw (`writeModel: `) and with options as flags.
 */
export function forUsers(message: string): string {
  return message
    .replace(/^[a-z]+[A-Z][A-Za-z]*: /, '')
    .replaceAll('options.force', '--force');
}

const guarded = new WeakSet<Io['stdout']>();

/**
 * `zoo schemes | head -1`: once the reader is gone, writes to stdout fail
 * with EPIPE (then ERR_STREAM_DESTROYED). That is no error of zoo's: the
 * output is dropped and the command ends as it would have. Other write
 * errors still throw.
 */
function quietOnClosedPipe(stdout: Io['stdout']): void {
  if (guarded.has(stdout)) return;
  guarded.add(stdout);
  let closed = false;
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true;
    if (closed) return;
    throw error;
  });
}
