/**
 * Where the training loop gets its batches: the contract every data kind
 * (IDX, CIFAR-10, image folders) meets, and the in-memory source of 8-bit
 * image sets.
 *
 * A batch depends only on (indices, epoch, training) and the recipe, never
 * on call order or timing: augmentation randomness is keyed by the seed,
 * the epoch and the image index, so runs, resumes and workers agree.
 */
import type { DataSection } from '../recipe/types.js';
import { makeBatch, type Batch, type ImageSet } from './dataset.js';

export interface BatchRequest {
  /** The epoch the batch belongs to (keys augmentation). */
  readonly epoch: number;
  /** Training batches are augmented; evaluation batches are not. */
  readonly training: boolean;
}

export interface BatchSource {
  /** Images in the set. */
  readonly count: number;
  readonly classes: number;
  /** [height, width, channels] of one image as batches hold it. */
  readonly imageShape: readonly [number, number, number];
  /** The images `indices` as one normalised batch. */
  batch(indices: ArrayLike<number>, request: BatchRequest): Promise<Batch>;
  /** Releases threads and files; the source is unusable afterwards. */
  close(): Promise<void>;
}

/** A source over an in-memory set, with no augmentation. */
export function memorySource(set: ImageSet, data: DataSection): BatchSource {
  return {
    count: set.count,
    classes: set.classes,
    imageShape: [set.height, set.width, set.channels],
    batch: (indices) =>
      Promise.resolve(
        makeBatch(set, indices, data.mean, data.std, data.layout),
      ),
    close: () => Promise.resolve(),
  };
}
