import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { RgbImage } from './decode.js';
import { resizeCrop, resizedSize, type CropWindow } from './resize.js';
import {
  diffStats,
  noise,
  pillow,
  pillowMissing,
  tempFolder,
} from './test-helpers.js';

function image(
  width: number,
  height: number,
  at: (x: number, y: number, c: number) => number,
): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = at(x, y, c);
    }
  }
  return { width, height, data };
}

function whole(width: number, height: number): CropWindow {
  return {
    width,
    height,
    left: 0,
    top: 0,
    cropWidth: width,
    cropHeight: height,
    flip: false,
  };
}

describe('resizedSize', () => {
  it("scales the shorter side, flooring the longer (torchvision's Resize)", () => {
    expect(resizedSize(500, 375, 256)).toEqual([341, 256]);
    expect(resizedSize(375, 500, 256)).toEqual([256, 341]);
    expect(resizedSize(300, 300, 256)).toEqual([256, 256]);
    expect(resizedSize(100, 301, 50)).toEqual([50, 150]);
  });
});

describe('resizeCrop, closed forms', () => {
  it('keeps a constant image constant, enlarging and shrinking', () => {
    const flat = image(29, 17, (_, __, c) => [13, 200, 77][c] as number);
    for (const [w, h] of [
      [64, 40],
      [7, 5],
      [29, 3],
      [1, 1],
    ] as const) {
      const out = resizeCrop(flat, whole(w, h));
      for (let p = 0; p < w * h; p++) {
        expect([out[3 * p], out[3 * p + 1], out[3 * p + 2]]).toEqual([
          13, 200, 77,
        ]);
      }
    }
  });

  it('enlarges a horizontal ramp to the ramp at the half-pixel centres', () => {
    // value(x) = 10 + 30 x (+ 5 c); output column X samples input
    // u = (X + 0.5) * 8 / 21 - 0.5, clamped to [0, 7] at the edges.
    const ramp = image(8, 3, (x, _, c) => 10 + 30 * x + 5 * c);
    const out = resizeCrop(ramp, whole(21, 7));
    for (let y = 0; y < 7; y++) {
      for (let x = 0; x < 21; x++) {
        const u = Math.min(7, Math.max(0, ((x + 0.5) * 8) / 21 - 0.5));
        for (let c = 0; c < 3; c++) {
          const exact = 10 + 30 * u + 5 * c;
          const got = out[(y * 21 + x) * 3 + c] as number;
          expect(Math.abs(got - exact)).toBeLessThanOrEqual(0.5 + 1e-9);
        }
      }
    }
  });

  it('crops and flips exactly at scale 1', () => {
    const src = { width: 11, height: 9, data: noise(11 * 9 * 3, 7) };
    const at = (x: number, y: number, c: number): number =>
      src.data[(y * 11 + x) * 3 + c] as number;
    for (const flip of [false, true]) {
      const out = resizeCrop(src, {
        width: 11,
        height: 9,
        left: 3,
        top: 2,
        cropWidth: 5,
        cropHeight: 6,
        flip,
      });
      for (let y = 0; y < 6; y++) {
        for (let x = 0; x < 5; x++) {
          const sx = flip ? 3 + 4 - x : 3 + x;
          for (let c = 0; c < 3; c++) {
            expect(out[(y * 5 + x) * 3 + c]).toBe(at(sx, 2 + y, c));
          }
        }
      }
    }
  });

  it('computes a window as the same part of the whole resize', () => {
    const src = { width: 23, height: 31, data: noise(23 * 31 * 3, 3) };
    const full = resizeCrop(src, whole(40, 53));
    const out = resizeCrop(src, {
      width: 40,
      height: 53,
      left: 9,
      top: 30,
      cropWidth: 31,
      cropHeight: 23,
      flip: true,
    });
    for (let y = 0; y < 23; y++) {
      for (let x = 0; x < 31; x++) {
        for (let c = 0; c < 3; c++) {
          const want = full[((30 + y) * 40 + 9 + 30 - x) * 3 + c];
          expect(out[(y * 31 + x) * 3 + c]).toBe(want);
        }
      }
    }
  });

  it('refuses a window outside the resized image', () => {
    const src = image(4, 4, () => 0);
    expect(() =>
      resizeCrop(src, { ...whole(8, 8), left: 1, cropWidth: 8, cropHeight: 8 }),
    ).toThrow('resizeCrop: window must lie inside 8x8; got 8x8 at (1, 0)');
  });
});

const missing = pillowMissing();

describe.skipIf(missing !== undefined)(
  `resizeCrop against Pillow's BILINEAR${missing === undefined ? '' : ` (skipped: ${missing})`}`,
  () => {
    // Pillow rounds to 8 bits between its two passes; we round once, so
    // about one value in eight differs by 1 (noise input, the worst case).
    it('agrees within 1 level, enlarging and shrinking', () => {
      const [dir, remove] = tempFolder('resize');
      try {
        const src = { width: 97, height: 61, data: noise(97 * 61 * 3, 11) };
        const path = join(dir, 'src.png');
        const sizes: [number, number][] = [
          [40, 25],
          [256, 161],
          [97, 30],
          [13, 200],
        ];
        const refs = pillow([
          {
            op: 'save',
            path,
            image: { width: 97, height: 61, mode: 'RGB', data: src.data },
          },
          ...sizes.map(([width, height]) => ({
            op: 'resize' as const,
            path,
            width,
            height,
          })),
        ]).slice(1);
        sizes.forEach(([w, h], i) => {
          const d = diffStats(
            resizeCrop(src, whole(w, h)),
            refs[i] as Uint8Array,
          );
          expect(d.max, `${w}x${h}`).toBeLessThanOrEqual(1);
          expect(d.mean, `${w}x${h}`).toBeLessThan(0.25);
        });
      } finally {
        remove();
      }
    });
  },
);
