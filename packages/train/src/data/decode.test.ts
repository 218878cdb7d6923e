import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RecipeError } from '../recipe/errors.js';
import { decodeImage } from './decode.js';
import { jpegSampling } from './jpeg-upsample.js';
import {
  diffStats,
  noise,
  pillow,
  pillowMissing,
  smooth,
  tempFolder,
  type PillowImage,
} from './test-helpers.js';

const missing = pillowMissing();
const W = 37;
const H = 23;

function decodeFile(path: string): Uint8Array {
  const image = decodeImage(readFileSync(path), path);
  expect([image.width, image.height]).toEqual([W, H]);
  return image.data;
}

/** C, M, Y from an RGB image's bytes, K constant. */
function cmyk(cmy: Uint8Array, k: number): Uint8Array {
  const out = new Uint8Array((cmy.length / 3) * 4);
  for (let p = 0; p < cmy.length / 3; p++) {
    out.set(cmy.subarray(3 * p, 3 * p + 3), 4 * p);
    out[4 * p + 3] = k;
  }
  return out;
}

/** A PNG written by hand: 16-bit RGB, no filter; Pillow cannot write one. */
function png16(width: number, height: number, v: Uint16Array): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([16, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (1 + width * 6));
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * 3; i++) {
      rows.writeUInt16BE(
        v[y * width * 3 + i] as number,
        y * (1 + width * 6) + 1 + 2 * i,
      );
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe.skipIf(missing !== undefined)(
  `decodeImage against Pillow${missing === undefined ? '' : ` (skipped: ${missing})`}`,
  () => {
    let dir = '';
    let remove = (): void => {};
    beforeAll(() => {
      [dir, remove] = tempFolder('decode');
    });
    afterAll(() => remove());

    it('decodes 8-bit PNGs exactly (RGB, RGBA, L, LA, palette, tRNS)', () => {
      const n = W * H;
      const images: [string, PillowImage, Record<string, number>?][] = [
        ['rgb', { width: W, height: H, mode: 'RGB', data: noise(3 * n, 1) }],
        ['rgba', { width: W, height: H, mode: 'RGBA', data: noise(4 * n, 2) }],
        ['l', { width: W, height: H, mode: 'L', data: noise(n, 3) }],
        ['la', { width: W, height: H, mode: 'LA', data: noise(2 * n, 4) }],
        ['p', { width: W, height: H, mode: 'P', data: smooth(W, H, 5) }],
        // tRNS on grey: pngjs alone would blacken every pixel of value 7.
        [
          'l-trns',
          {
            width: W,
            height: H,
            mode: 'L',
            data: noise(n, 6).map((v) => v & 15),
          },
          { transparency: 7 },
        ],
      ];
      const paths = images.map(([name]) => join(dir, `${name}.png`));
      const refs = pillow([
        ...images.map(([, image, options], i) => ({
          op: 'save' as const,
          path: paths[i] as string,
          image,
          ...(options === undefined ? {} : { options }),
        })),
        ...paths.map((path) => ({ op: 'rgb' as const, path })),
      ]).slice(images.length);
      expect(readFileSync(paths[5] as string).includes('tRNS')).toBe(true);
      paths.forEach((path, i) => {
        expect(Array.from(decodeFile(path)), path).toEqual(
          Array.from(refs[i] as Uint8Array),
        );
      });
    });

    it('scales 16-bit PNGs by round(v * 255 / 65535)', () => {
      const n = W * H;
      const grey = new Uint16Array(n).map((_, i) => (i * 2654435761) & 0xffff);
      const rgb = new Uint16Array(3 * n).map(
        (_, i) => (i * 40503 + 11) & 0xffff,
      );
      const greyPath = join(dir, 'grey16.png');
      const rgbPath = join(dir, 'rgb16.png');
      pillow([
        {
          op: 'save',
          path: greyPath,
          image: { width: W, height: H, mode: 'I;16', data: grey },
        },
      ]);
      writeFileSync(rgbPath, png16(W, H, rgb));
      const scale = (v: number): number => Math.round((v * 255) / 65535);
      const want = Array.from(grey, scale).flatMap((v) => [v, v, v]);
      expect(Array.from(decodeFile(greyPath))).toEqual(want);
      expect(Array.from(decodeFile(rgbPath))).toEqual(Array.from(rgb, scale));
    });

    // IDCTs differ (jpeg-js float, libjpeg-turbo islow): at most 4 levels.
    // YCbCr goes through our port of libjpeg's upsampling and conversion
    // (measured mean 0.15-0.2), grey and CMYK through jpeg-js's (0.5).
    // Odd sizes check the edge columns and rows.
    it('decodes JPEGs within 4 levels of Pillow (4:4:4, 4:2:2, 4:2:0, grey, CMYK)', () => {
      const rgb = (data: Uint8Array): PillowImage => ({
        width: W,
        height: H,
        mode: 'RGB',
        data,
      });
      const cases: [string, PillowImage, Record<string, number>, number][] = [
        ['q95-444', rgb(smooth(W, H, 1)), { quality: 95, subsampling: 0 }, 0.3],
        ['q75-420', rgb(smooth(W, H, 2)), { quality: 75, subsampling: 2 }, 0.3],
        [
          'noise-420',
          rgb(noise(3 * W * H, 9)),
          { quality: 90, subsampling: 2 },
          0.3,
        ],
        [
          'noise-422',
          rgb(noise(3 * W * H, 8)),
          { quality: 90, subsampling: 1 },
          0.3,
        ],
        [
          'grey',
          {
            width: W,
            height: H,
            mode: 'L',
            data: smooth(W, H, 3).subarray(0, W * H),
          },
          { quality: 90 },
          1,
        ],
        [
          'cmyk',
          {
            width: W,
            height: H,
            mode: 'CMYK',
            data: cmyk(smooth(W, H, 4), 40),
          },
          { quality: 95 },
          1,
        ],
      ];
      const paths = cases.map(([name]) => join(dir, `${name}.jpg`));
      const refs = pillow([
        ...cases.map(([, image, options], i) => ({
          op: 'save' as const,
          path: paths[i] as string,
          image,
          options,
        })),
        ...paths.map((path) => ({ op: 'rgb' as const, path })),
      ]).slice(cases.length);
      const sampling = (name: string) =>
        jpegSampling(readFileSync(join(dir, `${name}.jpg`)));
      expect(sampling('q75-420')).toEqual({
        h: [2, 1, 1],
        v: [2, 1, 1],
        adobe: false,
      });
      expect(sampling('noise-422')?.v).toEqual([1, 1, 1]);
      cases.forEach(([, , , mean], i) => {
        const path = paths[i] as string;
        const d = diffStats(decodeFile(path), refs[i] as Uint8Array);
        expect(d.max, path).toBeLessThanOrEqual(4);
        expect(d.mean, path).toBeLessThanOrEqual(mean);
      });
    });

    it('refuses what is not a whole JPEG or PNG, naming the file', () => {
      const text = join(dir, 'notes.jpg');
      writeFileSync(text, 'hello');
      expect(() => decodeImage(readFileSync(text), text)).toThrow(
        `decodeImage: ${text} must be a JPEG (ff d8) or PNG (89 50 4e 47); ` +
          `got bytes 68 65 6c 6c`,
      );
      const empty = join(dir, 'empty.png');
      writeFileSync(empty, '');
      expect(() => decodeImage(readFileSync(empty), empty)).toThrow(
        /got bytes \(empty file\)/,
      );
      for (const name of ['q95-444.jpg', 'rgb.png']) {
        const whole = readFileSync(join(dir, name));
        const cut = join(dir, `cut-${name}`);
        writeFileSync(cut, whole.subarray(0, whole.length >> 1));
        const kind = name.endsWith('jpg') ? 'JPEG' : 'PNG';
        expect(() => decodeImage(readFileSync(cut), cut)).toThrow(RecipeError);
        expect(() => decodeImage(readFileSync(cut), cut)).toThrow(
          `decodeImage: ${cut} must be a readable ${kind}; got`,
        );
      }
    });
  },
);
