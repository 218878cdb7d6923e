/**
 * An in-memory image classification set of 8-bit pixels and its batches:
 * Float32 NHWC or NCHW, each channel scaled to [0, 1] and normalised by
 * (x - mean) / std.
 */
import { RecipeError } from '../recipe/errors.js';
import { IDX_IMAGES, IDX_LABELS, readIdx } from './idx.js';

export interface ImageSet {
  /** [count, height, width, channels], 8-bit pixels, row-major NHWC. */
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly classes: number;
}

export interface Batch {
  /** Images in the requested layout, normalised. */
  readonly x: Float32Array;
  readonly labels: Int32Array;
  readonly shape: [number, number, number, number];
}

/** An IDX pair (images [n, h, w], labels [n]); `limit` > 0 keeps the first. */
export function loadIdxSet(
  imagesPath: string,
  labelsPath: string,
  limit = 0,
): ImageSet {
  const images = readIdx(imagesPath, IDX_IMAGES);
  const labels = readIdx(labelsPath, IDX_LABELS);
  const [n, h, w] = images.dims as [number, number, number];
  if (labels.dims[0] !== n) {
    throw new RecipeError(
      `loadIdxSet: ${labelsPath} must hold one label per image (${n}); ` +
        `got ${labels.dims[0]}`,
    );
  }
  const count = limit > 0 ? Math.min(limit, n) : n;
  const lab = labels.data.subarray(0, count);
  return {
    pixels: images.data.subarray(0, count * h * w),
    labels: lab,
    count,
    height: h,
    width: w,
    channels: 1,
    classes: Math.max(...lab) + 1,
  };
}

/** The images `indices` of `set` as one normalised batch. */
export function makeBatch(
  set: ImageSet,
  indices: ArrayLike<number>,
  mean: readonly number[],
  std: readonly number[],
  layout: 'NHWC' | 'NCHW',
): Batch {
  const { height: h, width: w, channels: c } = set;
  const b = indices.length;
  const size = h * w * c;
  const pixels = new Uint8Array(b * size);
  const labels = new Int32Array(b);
  for (let i = 0; i < b; i++) {
    const index = indices[i] as number;
    pixels.set(set.pixels.subarray(index * size, (index + 1) * size), i * size);
    labels[i] = set.labels[index] as number;
  }
  return normaliseBatch(pixels, labels, [h, w, c], mean, std, layout);
}

/**
 * A batch from 8-bit NHWC `pixels` of `labels.length` images of `shape`
 * [h, w, c]: `(x / 255 - mean[c]) / std[c]` in the requested layout. One
 * mean and std entry applies to every channel.
 */
export function normaliseBatch(
  pixels: Uint8Array,
  labels: Int32Array,
  shape: readonly [number, number, number],
  mean: readonly number[],
  std: readonly number[],
  layout: 'NHWC' | 'NCHW',
): Batch {
  const [h, w, c] = shape;
  if (mean.length !== c && mean.length !== 1) {
    throw new RecipeError(
      `makeBatch: data.mean must have 1 or ${c} entries; got ${mean.length}`,
    );
  }
  const table = new Float32Array(256 * c);
  for (let ch = 0; ch < c; ch++) {
    const m = mean[mean.length === 1 ? 0 : ch] as number;
    const s = std[std.length === 1 ? 0 : ch] as number;
    for (let v = 0; v < 256; v++) {
      table[ch * 256 + v] = (v / 255 - m) / s;
    }
  }

  const b = labels.length;
  const plane = h * w;
  const x = new Float32Array(b * plane * c);
  for (let i = 0; i < b; i++) {
    const src = i * plane * c;
    for (let p = 0; p < plane; p++) {
      for (let ch = 0; ch < c; ch++) {
        const v = table[ch * 256 + (pixels[src + p * c + ch] as number)];
        const at =
          layout === 'NHWC'
            ? (i * plane + p) * c + ch
            : (i * c + ch) * plane + p;
        x[at] = v as number;
      }
    }
  }
  const out: [number, number, number, number] =
    layout === 'NHWC' ? [b, h, w, c] : [b, c, h, w];
  return { x, labels, shape: out };
}
