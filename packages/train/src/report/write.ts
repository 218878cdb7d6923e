/** Writing a report without ever leaving a half-written one in place. */
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
 * Writes `text` (UTF-8) to `path` atomically: a temp file beside it,
 * fsynced, renamed over `path`, the folder fsynced. An existing file is
 * replaced; on any error the temp file is removed and `path` is as it was.
 */
export function writeTextAtomic(path: string, text: string): void {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = join(dirname(path), `.${basename(path)}.${tag}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let done = 0; done < bytes.length;) {
        done += writeSync(fd, bytes, done, bytes.length - done);
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
