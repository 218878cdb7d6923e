/**
 * Test fixtures of the data tests: Pillow (/usr/bin/python3) as the
 * independent encoder, decoder and resizer, and temp folders.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PYTHON = '/usr/bin/python3';

/** Why Pillow tests cannot run here, or undefined when they can. */
export function pillowMissing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import PIL, numpy'], {
    encoding: 'utf8',
  });
  return r.status === 0
    ? undefined
    : `${PYTHON} with Pillow and numpy is needed; got ${
        r.error?.message ?? r.stderr.trim().split('\n').pop()
      }`;
}

/** An 8-bit image given to Pillow: `data` is [h, w, channels]. */
export interface PillowImage {
  readonly width: number;
  readonly height: number;
  /** Pillow mode: L, LA, RGB, RGBA, CMYK, P (quantised from RGB), I;16. */
  readonly mode: string;
  readonly data: Uint8Array | Uint16Array;
}

/** What Pillow is asked to do, in one process per call of `pillow`. */
export type PillowOp =
  | {
      readonly op: 'save';
      readonly path: string;
      readonly image: PillowImage;
      /** Keyword arguments of Image.save (quality, subsampling, ...). */
      readonly options?: Record<string, number | string | boolean | number[]>;
    }
  | { readonly op: 'rgb'; readonly path: string }
  | {
      readonly op: 'resize';
      readonly path: string;
      readonly width: number;
      readonly height: number;
    };

const SCRIPT = `
import base64, json, sys
import numpy as np
from PIL import Image
out = []
for o in json.load(sys.stdin):
    if o['op'] == 'save':
        im = o['image']
        raw = base64.b64decode(im['data'])
        mode = im['mode']
        if mode == 'I;16':
            a = np.frombuffer(raw, '<u2').reshape(im['height'], im['width'])
            img = Image.fromarray(a.astype(np.uint16), 'I;16')
        else:
            a = np.frombuffer(raw, np.uint8)
            c = a.size // (im['height'] * im['width'])
            a = a.reshape(im['height'], im['width'], c)
            base = 'CMYK' if mode == 'CMYK' else {1: 'L', 2: 'LA', 3: 'RGB', 4: 'RGBA'}[c]
            img = Image.fromarray(a[:, :, 0] if c == 1 else a, base)
            if mode == 'P':
                img = img.quantize(colors=256, method=Image.Quantize.MAXCOVERAGE)
        opts = o.get('options', {})
        if isinstance(opts.get('transparency'), list):
            opts['transparency'] = tuple(opts['transparency'])
        img.save(o['path'], **opts)
        out.append('')
    elif o['op'] == 'rgb':
        img = Image.open(o['path']).convert('RGB')
        out.append(base64.b64encode(np.asarray(img).tobytes()).decode())
    else:
        img = Image.open(o['path']).convert('RGB')
        img = img.resize((o['width'], o['height']), Image.BILINEAR)
        out.append(base64.b64encode(np.asarray(img).tobytes()).decode())
json.dump(out, sys.stdout)
`;

/** Runs `ops` in one Pillow process; 'rgb' and 'resize' give RGB bytes. */
export function pillow(ops: readonly PillowOp[]): Uint8Array[] {
  const input = JSON.stringify(
    ops.map((o) =>
      o.op === 'save'
        ? {
            ...o,
            image: {
              ...o.image,
              data: Buffer.from(
                o.image.data.buffer,
                o.image.data.byteOffset,
                o.image.data.byteLength,
              ).toString('base64'),
            },
          }
        : o,
    ),
  );
  const stdout = execFileSync(PYTHON, ['-c', SCRIPT], {
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return (JSON.parse(stdout) as string[]).map(
    (b) => new Uint8Array(Buffer.from(b, 'base64')),
  );
}

/** A fresh temp folder and the function that removes it. */
export function tempFolder(prefix: string): [string, () => void] {
  const dir = mkdtempSync(join(tmpdir(), `zoo-${prefix}-`));
  return [dir, () => rmSync(dir, { recursive: true, force: true })];
}

/** Deterministic test pixels: a small LCG, never Math.random. */
export function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/** A smooth RGB image [h, w, 3] (sums of sines), JPEG-friendly. */
export function smooth(
  width: number,
  height: number,
  seed: number,
): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const v =
          128 +
          60 * Math.sin((x + 7 * c + seed) / 9) +
          50 * Math.cos((y * (c + 1) + seed) / 13);
        out[(y * width + x) * 3 + c] = Math.round(v);
      }
    }
  }
  return out;
}

/** Largest and mean absolute difference of two equal-length arrays. */
export function diffStats(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { max: number; mean: number } {
  if (a.length !== b.length) {
    throw new RangeError(
      `diffStats: lengths must match; got ${a.length} and ${b.length}`,
    );
  }
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / Math.max(1, a.length) };
}
