import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { IDX_IMAGES, IDX_LABELS, readIdx } from './idx.js';

/** An IDX ubyte file of `dims` holding 0, 1, 2, ... */
function idx(dims: number[], extra = 0): Buffer {
  const size = dims.reduce((a, b) => a * b, 1) + extra;
  const buf = Buffer.alloc(4 + 4 * dims.length + size);
  buf.writeUInt32BE(0x0800 | dims.length, 0);
  dims.forEach((d, i) => buf.writeUInt32BE(d, 4 + 4 * i));
  for (let i = 0; i < size; i++) {
    buf[4 + 4 * dims.length + i] = i % 256;
  }
  return buf;
}

const FASHION = '/usr/share/datasets/fashion-mnist';

describe('readIdx', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zoo-idx-'));

  it('reads a hand-made file, raw and gzipped', () => {
    writeFileSync(join(dir, 'x.idx'), idx([2, 3, 4]));
    writeFileSync(join(dir, 'x.idx.gz'), gzipSync(idx([2, 3, 4])));
    for (const name of ['x.idx', 'x.idx.gz']) {
      const a = readIdx(join(dir, name), IDX_IMAGES);
      expect(a.dims).toEqual([2, 3, 4]);
      expect(a.data.length).toBe(24);
      expect(a.data[23]).toBe(23);
    }
  });

  it('refuses a wrong magic number, a short file, a missing file', () => {
    writeFileSync(join(dir, 'l.idx'), idx([5]));
    expect(() => readIdx(join(dir, 'l.idx'), IDX_IMAGES)).toThrow(
      /magic number must be 0x00000803; got 0x00000801/,
    );
    const bad = idx([2, 2]);
    bad.writeUInt32BE(0x00000d03, 0);
    writeFileSync(join(dir, 'f.idx'), bad);
    expect(() => readIdx(join(dir, 'f.idx'))).toThrow(/got 0x00000d03/);
    writeFileSync(join(dir, 's.idx'), idx([2, 3, 4]).subarray(0, 30));
    expect(() => readIdx(join(dir, 's.idx'))).toThrow(
      /data must be 2x3x4 = 24 bytes after the header; got 14/,
    );
    writeFileSync(join(dir, 'e.idx'), idx([5], 1));
    expect(() => readIdx(join(dir, 'e.idx'), IDX_LABELS)).toThrow(/got 6/);
    expect(() => readIdx(join(dir, 'none.idx'))).toThrow(/must exist/);
  });

  it.skipIf(!existsSync(FASHION))('reads the Fashion-MNIST headers', () => {
    const labels = readIdx(`${FASHION}/t10k-labels-idx1-ubyte.gz`, IDX_LABELS);
    expect(labels.dims).toEqual([10000]);
    expect(Math.max(...labels.data)).toBe(9);
    const images = readIdx(`${FASHION}/t10k-images-idx3-ubyte.gz`, IDX_IMAGES);
    expect(images.dims).toEqual([10000, 28, 28]);
  });
});
