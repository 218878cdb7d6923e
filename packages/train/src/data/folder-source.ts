/**
 * A BatchSource over one split of an image folder: images are read and
 * prepared (augment.ts) for each batch, in the calling thread or in a
 * DecodePool, then normalised as makeBatch does.
 */
import { RandomStream } from '@zoo/init';

import type { DataSection } from '../recipe/types.js';
import { prepareImages, WORDS_PER_IMAGE, type Pipeline } from './augment.js';
import { normaliseBatch } from './dataset.js';
import type { DecodePool } from './decode-pool.js';
import type { FolderSplit } from './folder.js';
import type { BatchRequest, BatchSource } from './source.js';

/** The stream key of epoch `epoch`'s augmentation (see augment.ts). */
export function augmentKey(epoch: number): string {
  return `data/augment/epoch-${epoch}`;
}

/** The words of images `indices` in `epoch`, WORDS_PER_IMAGE per image. */
export function augmentWords(
  seed: number,
  epoch: number,
  indices: ArrayLike<number>,
): Uint32Array {
  const stream = new RandomStream(seed, augmentKey(epoch));
  const out = new Uint32Array(indices.length * WORDS_PER_IMAGE);
  for (let i = 0; i < indices.length; i++) {
    const at = i * WORDS_PER_IMAGE;
    stream.words(
      out.subarray(at, at + WORDS_PER_IMAGE),
      (indices[i] as number) * WORDS_PER_IMAGE,
    );
  }
  return out;
}

export interface FolderSourceOptions {
  readonly split: FolderSplit;
  readonly classes: number;
  readonly data: DataSection;
  /** The recipe's seed: keys the augmentation. */
  readonly seed: number;
  /** Decode in these threads; undefined = in the calling thread. */
  readonly pool: DecodePool | undefined;
}

/** A source over `split`; close() releases `pool` once. */
export function folderSource(o: FolderSourceOptions): BatchSource {
  const { split, data, seed, pool } = o;
  const pipeline: Pipeline = {
    resize: data.resize,
    crop: data.crop,
    flip: data.flip,
  };
  const count = split.files.length;
  let closed = false;
  return {
    count,
    classes: o.classes,
    imageShape: [data.crop, data.crop, 3],
    async batch(indices: ArrayLike<number>, request: BatchRequest) {
      if (closed) {
        throw new Error(
          `folderSource: batch must come before close; got closed`,
        );
      }
      const paths: string[] = [];
      const labels = new Int32Array(indices.length);
      for (let i = 0; i < indices.length; i++) {
        const index = indices[i] as number;
        if (!(Number.isInteger(index) && index >= 0 && index < count)) {
          throw new RangeError(
            `folderSource: indices[${i}] must be in [0, ${count}); got ${index}`,
          );
        }
        paths.push(split.files[index] as string);
        labels[i] = split.labels[index] as number;
      }
      const words = request.training
        ? augmentWords(seed, request.epoch, indices)
        : undefined;
      const pixels =
        pool === undefined
          ? prepareImages(paths, pipeline, words)
          : await pool.run(paths, words);
      return normaliseBatch(
        pixels,
        labels,
        [data.crop, data.crop, 3],
        data.mean,
        data.std,
        data.layout,
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool?.release();
    },
  };
}
