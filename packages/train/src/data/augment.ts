/**
 * The AlexNet-style image pipeline: scale the shorter side to `resize`,
 * cut a `crop` x `crop` square (random in training, central in
 * evaluation), mirror it with probability 1/2 in training.
 *
 * Randomness: image i of epoch E takes Philox block i (words 4i .. 4i + 3)
 * of @zoo/init's RandomStream (seed, `data/augment/epoch-E`). Word 0 picks
 * the top offset floor(w0 * (h - crop + 1) / 2^32), word 1 the left one
 * likewise, word 2 flips when w2 >= 2^31; word 3 is unused. A crop is a
 * pure function of (seed, epoch, index), whichever thread computes it.
 * The words are drawn by the caller (`augmentWords`, folder-source.ts), so
 * decoding workers do not load @zoo/init.
 */
import { readFileSync } from 'node:fs';

import { RecipeError } from '../recipe/errors.js';
import { decodeImage } from './decode.js';
import { resizeCrop, resizedSize } from './resize.js';

export interface Pipeline {
  /** Shorter side after resizing, pixels. */
  readonly resize: number;
  /** Side of the square crop, pixels; at most `resize`. */
  readonly crop: number;
  /** Mirror half of the training crops. */
  readonly flip: boolean;
}

/** Words of the Philox stream used per image. */
export const WORDS_PER_IMAGE = 4;

/**
 * `prepareImage` of each of `paths`, concatenated in order; `words` holds
 * WORDS_PER_IMAGE words per image in training, undefined in evaluation.
 */
export function prepareImages(
  paths: readonly string[],
  p: Pipeline,
  words: Uint32Array | undefined,
): Uint8Array {
  const size = p.crop * p.crop * 3;
  const out = new Uint8Array(paths.length * size);
  paths.forEach((path, i) => {
    const at = i * WORDS_PER_IMAGE;
    const own = words?.subarray(at, at + WORDS_PER_IMAGE);
    out.set(prepareImage(path, p, own), i * size);
  });
  return out;
}

/** Where the crop of an image of `width` x `height` goes. */
export interface Placement {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly top: number;
  readonly flip: boolean;
}

/**
 * The resized size, crop offset and flip of an image; `words` (the
 * image's WORDS_PER_IMAGE words) for training, undefined for evaluation.
 */
export function placeCrop(
  width: number,
  height: number,
  p: Pipeline,
  words: Uint32Array | undefined,
): Placement {
  const [w, h] = resizedSize(width, height, p.resize);
  if (words === undefined) {
    return {
      width: w,
      height: h,
      left: Math.floor((w - p.crop) / 2),
      top: Math.floor((h - p.crop) / 2),
      flip: false,
    };
  }
  const pick = (word: number, room: number): number =>
    Math.floor((word * (room + 1)) / 4294967296);
  return {
    width: w,
    height: h,
    top: pick(words[0] as number, h - p.crop),
    left: pick(words[1] as number, w - p.crop),
    flip: p.flip && (words[2] as number) >= 2147483648,
  };
}

/**
 * The file `path` decoded, resized, cropped and flipped: 8-bit RGB
 * [crop, crop, 3]. Errors name the file.
 */
export function prepareImage(
  path: string,
  p: Pipeline,
  words: Uint32Array | undefined,
): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new RecipeError(
      `prepareImage: ${path} must be readable; got ` +
        `${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const image = decodeImage(bytes, path);
  const at = placeCrop(image.width, image.height, p, words);
  return resizeCrop(image, {
    ...at,
    cropWidth: p.crop,
    cropHeight: p.crop,
  });
}
