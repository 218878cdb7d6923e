import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Sink } from './splice.js';

/** A sink that writes to a file descriptor at the current position. */
export function fdSink(fd: number): Sink {
  return {
    write(bytes: Uint8Array): void {
      for (let done = 0; done < bytes.length;) {
        done += writeSync(fd, bytes, done, bytes.length - done);
      }
    },
  };
}

/** Writes all of `bytes` at `position` of `fd`. */
export function writeAt(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length;) {
    done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  }
}

/** A temporary file beside `final`, renamed into place on commit. */
export interface TempFile {
  readonly final: string;
  readonly temp: string;
  fd: number;
}

/**
 * Temp files for an atomic multi-file write. `commit` fsyncs each, renames
 * them in order (data files first, the model last) and fsyncs the folders;
 * `abort` closes and removes whatever is left, including files already
 * renamed that did not exist before.
 */
export class TempFiles {
  private readonly files: TempFile[] = [];
  private readonly renamed: { path: string; existed: boolean }[] = [];
  private readonly dirs: string[] = [];

  /** Creates a folder (and parents); `abort` removes those it created. */
  ensureDir(dir: string): void {
    const first = mkdirSync(dir, { recursive: true });
    if (first !== undefined) this.dirs.push(first);
  }

  /** Creates an empty temp file (exclusive) in the folder of `final`. */
  create(final: string): TempFile {
    const file = { final, temp: tempName(final), fd: -1 };
    this.files.push(file);
    file.fd = openSync(file.temp, 'wx+', 0o644);
    return file;
  }

  /** Creates a temp file for `final` holding a copy of `source`. */
  copy(final: string, source: string): TempFile {
    const file = { final, temp: tempName(final), fd: -1 };
    this.files.push(file);
    copyFileSync(source, file.temp, constants.COPYFILE_EXCL);
    file.fd = openSync(file.temp, 'r+');
    return file;
  }

  commit(): void {
    for (const f of this.files) {
      fsyncSync(f.fd);
      closeSync(f.fd);
      f.fd = -1;
    }
    for (const f of this.files) {
      const existed = existsSync(f.final);
      renameSync(f.temp, f.final);
      this.renamed.push({ path: f.final, existed });
    }
    for (const dir of new Set(this.files.map((f) => dirname(f.final)))) {
      const fd = openSync(dir, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }

  abort(): void {
    for (const f of this.files) {
      if (f.fd >= 0) closeSync(f.fd);
      rmSync(f.temp, { force: true });
    }
    for (const r of this.renamed) {
      if (!r.existed) rmSync(r.path, { force: true });
    }
    for (const d of this.dirs.reverse()) {
      rmSync(d, { recursive: true, force: true });
    }
  }
}

function tempName(final: string): string {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(final), `.${basename(final)}.${tag}.tmp`);
}

/** The real path of `path` if it exists, else undefined. */
export function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** True when two existing paths are the same file (hard links too). */
export function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
