import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fdatasync,
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

/**
 * Bytes written to a temp file between background flushes. Flushing as it
 * goes lets the disk work while the caller computes the next bytes, so
 * that the fsync of `commit` finds little left to do (on VGG16 it took
 * 0.2 s of 553 MB at the end; see the README's performance section).
 */
const FLUSH_BYTES = 64 * 2 ** 20;

/** A temporary file beside `final`, renamed into place on commit. */
export interface TempFile {
  readonly final: string;
  readonly temp: string;
  fd: number;
  /** Bytes written since the last background flush started. */
  unflushed: number;
}

/**
 * Temp files for an atomic multi-file write. `write` flushes in the
 * background as it goes; `settle` waits for those flushes and must come
 * before `commit` or `abort`. `commit` fsyncs each file, renames them in
 * order (data files first, the model last) and fsyncs the folders;
 * `abort` closes and removes whatever is left, including files already
 * renamed that did not exist before.
 */
export class TempFiles {
  private readonly files: TempFile[] = [];
  private readonly flushes: Promise<Error | undefined>[] = [];
  private readonly renamed: { path: string; existed: boolean }[] = [];
  private readonly dirs: string[] = [];

  /** Creates a folder (and parents); `abort` removes those it created. */
  ensureDir(dir: string): void {
    const first = mkdirSync(dir, { recursive: true });
    if (first !== undefined) this.dirs.push(first);
  }

  /** Creates an empty temp file (exclusive) in the folder of `final`. */
  create(final: string): TempFile {
    const file = { final, temp: tempName(final), fd: -1, unflushed: 0 };
    this.files.push(file);
    file.fd = openSync(file.temp, 'wx+', 0o644);
    return file;
  }

  /** Creates a temp file for `final` holding a copy of `source`. */
  copy(final: string, source: string): TempFile {
    const file = { final, temp: tempName(final), fd: -1, unflushed: 0 };
    this.files.push(file);
    copyFileSync(source, file.temp, constants.COPYFILE_EXCL);
    file.fd = openSync(file.temp, 'r+');
    return file;
  }

  /**
   * Writes all of `bytes` to `file`, at `position` or else at the file's
   * current position. Every FLUSH_BYTES, starts an fdatasync on a libuv
   * thread and returns without waiting for it.
   */
  write(file: TempFile, bytes: Uint8Array, position?: number): void {
    for (let done = 0; done < bytes.length;) {
      const at = position === undefined ? null : position + done;
      done += writeSync(file.fd, bytes, done, bytes.length - done, at);
    }
    file.unflushed += bytes.length;
    if (file.unflushed < FLUSH_BYTES) return;
    file.unflushed = 0;
    const flush = new Promise<Error | undefined>((settled) =>
      fdatasync(file.fd, (e) => settled(e ?? undefined)),
    );
    this.flushes.push(flush);
  }

  /**
   * Waits for the background flushes. Throws the first one's error: after
   * a failed fdatasync, Linux may report success to the next fsync of the
   * same file although its data never reached the disk.
   */
  async settle(): Promise<void> {
    const errors = await Promise.all(this.flushes.splice(0));
    const failed = errors.find((e) => e !== undefined);
    if (failed !== undefined) throw failed;
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
