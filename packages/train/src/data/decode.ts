/**
 * JPEG and PNG files to 8-bit RGB, told apart by their signature rather
 * than their name (ImageNet has PNGs named .JPEG). JPEG via jpeg-js, with
 * YCbCr in 4:4:4, 4:2:2 and 4:2:0 upsampled and converted as libjpeg does
 * (jpeg-upsample.ts), greyscale replicated, Adobe CMYK and Adobe-marked
 * files converted by jpeg-js; PNG via pngjs (grey,
 * palette and low bit depths expanded, 16-bit scaled by round(v * 255 /
 * 65535)). Alpha is dropped, not composited, as Pillow's convert('RGB').
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

import { RecipeError } from '../recipe/errors.js';
import { fancyRgb, libjpegSampling, jpegSampling } from './jpeg-upsample.js';

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** [height, width, 3], row-major. */
  readonly data: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decodes `bytes` of `path` (named in errors) to RGB. */
export function decodeImage(bytes: Uint8Array, path: string): RgbImage {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    return decodeJpeg(bytes, path);
  }
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    return decodePng(bytes, path);
  }
  const head = Array.from(bytes.subarray(0, 4), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join(' ');
  throw new RecipeError(
    `decodeImage: ${path} must be a JPEG (ff d8) or PNG (89 50 4e 47); ` +
      `got bytes ${head === '' ? '(empty file)' : head}`,
  );
}

function decodeJpeg(bytes: Uint8Array, path: string): RgbImage {
  const sampling = jpegSampling(bytes);
  const ycc = libjpegSampling(sampling) ? sampling : undefined;
  let image: { width: number; height: number; data: Uint8Array };
  try {
    image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      ...(ycc === undefined ? {} : { colorTransform: false }),
    });
  } catch (error) {
    throw new RecipeError(
      `decodeImage: ${path} must be a readable JPEG; got ${msg(error)}`,
      { cause: error },
    );
  }
  const { width, height } = image;
  const data =
    ycc === undefined
      ? image.data
      : fancyRgb(image.data, width, height, ycc.h[0] ?? 1, ycc.v[0] ?? 1);
  return { width, height, data };
}

function decodePng(bytes: Uint8Array, path: string): RgbImage {
  let png: PNG;
  try {
    png = PNG.sync.read(withoutTransparency(Buffer.from(bytes)));
  } catch (error) {
    throw new RecipeError(
      `decodeImage: ${path} must be a readable PNG; got ${msg(error)}`,
      { cause: error },
    );
  }
  const { width, height } = png;
  const rgba = png.data;
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    data[3 * p] = rgba[4 * p] as number;
    data[3 * p + 1] = rgba[4 * p + 1] as number;
    data[3 * p + 2] = rgba[4 * p + 2] as number;
  }
  return { width, height, data };
}

/**
 * `png` without its tRNS chunks: pngjs sets pixels of the transparent
 * colour to black, while only the alpha it implies, dropped here anyway,
 * should change.
 */
function withoutTransparency(png: Buffer): Buffer {
  const keep: Buffer[] = [png.subarray(0, 8)];
  let at = 8;
  let dropped = false;
  while (at + 8 <= png.length) {
    const length = png.readUInt32BE(at);
    const end = at + 12 + length;
    if (png.toString('latin1', at + 4, at + 8) === 'tRNS') {
      dropped = true;
    } else {
      keep.push(png.subarray(at, Math.min(end, png.length)));
    }
    at = end;
  }
  return dropped ? Buffer.concat(keep) : png;
}

function msg(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
