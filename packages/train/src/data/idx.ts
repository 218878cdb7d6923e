/**
 * IDX files (LeCun's MNIST format, also Fashion-MNIST's): a big-endian
 * header of magic 0x000008TT 0xDD (type TT, DD dimensions), DD 32-bit
 * sizes, then the data. Only unsigned bytes (type 0x08) are read. Files
 * ending in .gz, or starting with the gzip magic 1f 8b, are inflated.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

import { RecipeError } from '../recipe/errors.js';

export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** Magic number of 3-dimensional ubyte files (images). */
export const IDX_IMAGES = 0x00000803;
/** Magic number of 1-dimensional ubyte files (labels). */
export const IDX_LABELS = 0x00000801;

/** Reads and checks an IDX file; `magic` is the one it must have. */
export function readIdx(path: string, magic?: number): IdxArray {
  if (!existsSync(path)) {
    throw new RecipeError(`readIdx: file must exist; got ${path}`);
  }
  let bytes: Uint8Array = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new RecipeError(
        `readIdx: ${path} must be valid gzip; got ${(e as Error).message}`,
      );
    }
  }
  return parseIdx(bytes, path, magic);
}

/** Parses IDX bytes; `name` is used in errors. */
export function parseIdx(
  bytes: Uint8Array,
  name: string,
  magic?: number,
): IdxArray {
  if (bytes.length < 4) {
    throw new RecipeError(
      `readIdx: ${name} must hold a 4-byte magic number; got ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const found = view.getUint32(0);
  const hex = (m: number): string => `0x${m.toString(16).padStart(8, '0')}`;
  if (found >>> 8 !== 0x08 || (magic !== undefined && found !== magic)) {
    const want = magic === undefined ? '0x000008NN (ubyte)' : hex(magic);
    throw new RecipeError(
      `readIdx: ${name} magic number must be ${want}; got ${hex(found)}`,
    );
  }
  const rank = found & 0xff;
  const start = 4 + 4 * rank;
  if (rank === 0 || bytes.length < start) {
    throw new RecipeError(
      `readIdx: ${name} header must hold ${rank} dimensions (${start} bytes, ` +
        `rank >= 1); got ${bytes.length} bytes`,
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) {
    dims.push(view.getUint32(4 + 4 * i));
  }
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - start !== size) {
    throw new RecipeError(
      `readIdx: ${name} data must be ${dims.join('x')} = ${size} bytes after ` +
        `the header; got ${bytes.length - start}`,
    );
  }
  return { dims, data: bytes.subarray(start) };
}
