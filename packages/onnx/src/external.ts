import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { OnnxFormatError } from './errors.js';

/** Where a tensor's bytes live outside the model file. */
export interface ExternalData {
  /** The location as written in the model, relative to its folder. */
  readonly location: string;
  /** The data file's real path. */
  readonly file: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * Resolves an external-data location against the model's folder and
 * refuses anything that could read outside it: absolute paths, drive or
 * UNC prefixes, any `..` segment, and symlinks whose target is outside
 * (the onnx package's CVE-2022-25882 and CVE-2024-27318 were these).
 */
export function resolveLocation(
  baseDir: string,
  location: string,
  where: string,
): string {
  const bad = (what: string): OnnxFormatError =>
    new OnnxFormatError(
      where,
      `external data location must ${what}; got ${JSON.stringify(location)}`,
    );
  if (location === '' || location.includes('\0')) throw bad('be a file name');
  if (isAbsolute(location) || /^[a-zA-Z]:|^[\\/]/.test(location)) {
    throw bad('be relative to the model folder');
  }
  if (location.split(/[\\/]/).some((s) => s === '..')) {
    throw bad('not contain `..`');
  }
  let base: string;
  let file: string;
  try {
    base = realpathSync(baseDir);
  } catch {
    throw new OnnxFormatError(where, `model folder ${baseDir} must exist`);
  }
  try {
    file = realpathSync(join(base, location));
  } catch {
    throw new OnnxFormatError(
      where,
      `external data file must exist; got ${JSON.stringify(location)} ` +
        `missing in ${base}`,
    );
  }
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..') {
    throw bad('stay inside the model folder after resolving links');
  }
  if (isAbsolute(rel)) throw bad('stay inside the model folder');
  if (!statSync(file).isFile()) throw bad('name a regular file');
  return file;
}

/** Parses an offset or length string: a decimal safe integer. */
export function parseByteCount(
  text: string,
  key: string,
  where: string,
): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n)) {
    throw new OnnxFormatError(
      where,
      `external data ${key} must be a non-negative integer; ` +
        `got ${JSON.stringify(text)}`,
    );
  }
  return n;
}

/**
 * Checks the range [offset, offset + length) fits in the data file and
 * returns the resolved external data.
 */
export function checkExternal(
  baseDir: string,
  entries: ReadonlyMap<string, string>,
  expected: number,
  where: string,
): ExternalData {
  const location = entries.get('location');
  if (location === undefined) {
    throw new OnnxFormatError(where, 'external data must have a location');
  }
  const file = resolveLocation(baseDir, location, where);
  const offsetText = entries.get('offset');
  const lengthText = entries.get('length');
  const offset =
    offsetText === undefined ? 0 : parseByteCount(offsetText, 'offset', where);
  const length =
    lengthText === undefined
      ? expected
      : parseByteCount(lengthText, 'length', where);
  if (length !== expected) {
    throw new OnnxFormatError(
      where,
      `external data length must equal dims x element size = ${expected}; ` +
        `got ${length}`,
    );
  }
  const size = statSync(file).size;
  if (offset + length > size) {
    throw new OnnxFormatError(
      where,
      `external data range must lie inside ${location} (${size} bytes); ` +
        `got offset ${offset} + length ${length}`,
    );
  }
  return { location, file, offset, length };
}
