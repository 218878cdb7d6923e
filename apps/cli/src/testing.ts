import { Writable } from 'node:stream';
import type { Io } from './command.js';
import { main } from './main.js';

/** The result of running `zoo` in-process with captured output. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function sink(chunks: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
}

/** Runs `zoo ...argv` in this process, as a test would type it. */
export async function runZoo(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: sink(out), stderr: sink(err) };
  const code = await main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}
