/** Files written whole or not at all: checkpoints, reports. */
import {
  closeSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `parts` one after another to `path` atomically: a hidden temp
 * file beside it, fsynced, renamed over `path`, the folder fsynced. An
 * existing file is replaced; on any error the temp file is removed and
 * `path` is as it was. A process killed meanwhile leaves at most a
 * `.<name>.<tag>.tmp` file, never a partial `path`.
 */
export function writeFileAtomic(
  path: string,
  parts: readonly Uint8Array[],
): void {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = join(dirname(path), `.${basename(path)}.${tag}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      for (const bytes of parts) {
        for (let done = 0; done < bytes.length;) {
          done += writeSync(fd, bytes, done, bytes.length - done);
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** `writeFileAtomic` of `text` as UTF-8. */
export function writeTextAtomic(path: string, text: string): void {
  writeFileAtomic(path, [Buffer.from(text, 'utf8')]);
}
