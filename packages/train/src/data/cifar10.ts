/**
 * CIFAR-10, binary version (Krizhevsky 2009, cifar-10-binary.tar.gz): each
 * record is one label byte (0-9) and 3072 pixel bytes, the R, G and B
 * planes of a 32x32 image in row-major order. Read into 8-bit NHWC.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { RecipeError } from '../recipe/errors.js';
import type { ImageSet } from './dataset.js';

/** The five training files, in the order their records are numbered. */
export const CIFAR10_TRAIN_FILES: readonly string[] = [1, 2, 3, 4, 5].map(
  (i) => `data_batch_${i}.bin`,
);
export const CIFAR10_TEST_FILES: readonly string[] = ['test_batch.bin'];

const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

function recordsIn(path: string): number {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) {
      throw new RecipeError(`cifar10: ${path} must be a file; got a folder`);
    }
    size = stat.size;
  } catch (error) {
    if (error instanceof RecipeError) throw error;
    throw new RecipeError(`cifar10: ${path} must exist; got no such file`);
  }
  if (size === 0 || size % RECORD !== 0) {
    throw new RecipeError(
      `cifar10: ${path} must hold whole records of ${RECORD} bytes; ` +
        `got ${size} bytes`,
    );
  }
  return size / RECORD;
}

/**
 * The training (data_batch_1-5) or test (test_batch) set in `folder`;
 * `limit` > 0 keeps the first `limit` records. Every file is checked for
 * existence and size first; labels are checked as records are read.
 */
export function loadCifar10Set(
  folder: string,
  split: 'train' | 'test',
  limit = 0,
): ImageSet {
  const paths = (
    split === 'train' ? CIFAR10_TRAIN_FILES : CIFAR10_TEST_FILES
  ).map((name) => join(folder, name));
  const records = paths.map(recordsIn);
  const total = records.reduce((a, b) => a + b, 0);
  const count = limit > 0 ? Math.min(limit, total) : total;

  const pixels = new Uint8Array(count * 3 * PLANE);
  const labels = new Uint8Array(count);
  let done = 0;
  for (let f = 0; f < paths.length && done < count; f++) {
    const path = paths[f] as string;
    const take = Math.min(records[f] as number, count - done);
    const bytes = readPrefix(path, take * RECORD);
    for (let r = 0; r < take; r++) {
      const at = r * RECORD;
      const label = bytes[at] as number;
      if (label > 9) {
        throw new RecipeError(
          `cifar10: ${path} record ${r} must have a label in 0-9; got ${label}`,
        );
      }
      labels[done] = label;
      const out = done * 3 * PLANE;
      for (let p = 0; p < PLANE; p++) {
        pixels[out + 3 * p] = bytes[at + 1 + p] as number;
        pixels[out + 3 * p + 1] = bytes[at + 1 + PLANE + p] as number;
        pixels[out + 3 * p + 2] = bytes[at + 1 + 2 * PLANE + p] as number;
      }
      done++;
    }
  }
  return {
    pixels,
    labels,
    count,
    height: SIDE,
    width: SIDE,
    channels: 3,
    classes: 10,
  };
}

function readPrefix(path: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const fd = openSync(path, 'r');
  try {
    let at = 0;
    while (at < length) {
      const n = readSync(fd, out, at, length - at, at);
      if (n === 0) {
        throw new RecipeError(
          `cifar10: ${path} must hold ${length} bytes; got ${at} (truncated ` +
            `while reading)`,
        );
      }
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}
