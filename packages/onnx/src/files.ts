import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fdatasync,
  fsyncSync,
  lstatSync,
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
  /** True once `commit` has renamed every file into place. */
  committed = false;

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
    this.committed = true;
  }

  /** Removes what this write left; a second call does nothing. */
  abort(): void {
    for (const f of this.files.splice(0)) {
      if (f.fd >= 0) closeSync(f.fd);
      f.fd = -1;
      rmSync(f.temp, { force: true });
    }
    for (const r of this.renamed.splice(0)) {
      if (!r.existed) rmSync(r.path, { force: true });
    }
    for (const d of this.dirs.splice(0).reverse()) {
      rmSync(d, { recursive: true, force: true });
    }
  }
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

/**
 * While a write is in progress, SIGINT and SIGTERM abort its temp files
 * (and the folders it created) and exit with 128 + the signal number, the
 * code a shell gives a command killed by it (130, 143). Once the files
 * are committed there is nothing to undo: the process just exits. Returns
 * the function that removes the handlers.
 *
 * Node runs signal handlers between turns of the event loop, never in
 * the middle of synchronous code, so the writer must `pause` where a
 * signal may be handled.
 */
export function abortOnSignal(temps: TempFiles): () => void {
  const removers = Object.entries(SIGNALS).map(([signal, number]) => {
    const handler = (): void => {
      try {
        if (!temps.committed) temps.abort();
      } finally {
        process.exit(128 + number);
      }
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => {
    for (const remove of removers) remove();
  };
}

/**
 * Two turns of the event loop: a signal that arrived during synchronous
 * work is read in the poll phase, which comes between two check phases.
 */
export async function pause(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * What is at `path`, following symbolic links, in words ("a regular
 * file", "a directory", "a FIFO", ...); undefined when nothing is there.
 */
export function fileKind(path: string): string | undefined {
  let stats;
  try {
    stats = lstatSync(path);
    if (stats.isSymbolicLink()) stats = statSync(path);
  } catch (e) {
    if (stats !== undefined) return 'a symbolic link to nothing';
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
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
