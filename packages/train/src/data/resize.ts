/**
 * Bilinear resizing fused with cropping and flipping: only the pixels of
 * the crop window are computed.
 *
 * The filter is the triangle (tent) of half-width 1 output pixel, widened
 * to the input pixel spacing when shrinking so every input pixel counts
 * (Pillow's BILINEAR, which torchvision's Resize uses). Pixel centres sit at
 * half-integers; taps outside the image are dropped and the rest
 * renormalised, so enlarging is plain bilinear interpolation with the edge
 * pixels repeated. Two separable passes, rows then columns, in float; the
 * result is rounded once.
 */
import type { RgbImage } from './decode.js';

/**
 * [width, height] after scaling the shorter side to `short`, the longer
 * one to floor(short * long / shorter), as torchvision's Resize(int).
 */
export function resizedSize(
  width: number,
  height: number,
  short: number,
): [number, number] {
  return width <= height
    ? [short, Math.floor((short * height) / width)]
    : [Math.floor((short * width) / height), short];
}

interface Taps {
  /** First input pixel of each output pixel. */
  readonly first: Int32Array;
  readonly count: Int32Array;
  /** `stride` weights per output pixel, summing to 1. */
  readonly weights: Float64Array;
  readonly stride: number;
}

/** Filter taps of output pixels [from, from + n) of inSize -> outSize. */
function taps(inSize: number, outSize: number, from: number, n: number): Taps {
  const scale = inSize / outSize;
  const widen = Math.max(1, scale);
  const stride = Math.ceil(widen) * 2 + 1;
  const first = new Int32Array(n);
  const count = new Int32Array(n);
  const weights = new Float64Array(n * stride);
  for (let i = 0; i < n; i++) {
    const centre = (from + i + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - widen + 0.5));
    const hi = Math.min(inSize, Math.floor(centre + widen + 0.5));
    let sum = 0;
    for (let p = lo; p < hi; p++) {
      const w = Math.max(0, 1 - Math.abs((p + 0.5 - centre) / widen));
      weights[i * stride + p - lo] = w;
      sum += w;
    }
    for (let k = 0; k < hi - lo; k++) {
      weights[i * stride + k] = (weights[i * stride + k] as number) / sum;
    }
    first[i] = lo;
    count[i] = hi - lo;
  }
  return { first, count, weights, stride };
}

export interface CropWindow {
  /** Size of the whole resized image. */
  readonly width: number;
  readonly height: number;
  /** The window of it that is computed. */
  readonly left: number;
  readonly top: number;
  readonly cropWidth: number;
  readonly cropHeight: number;
  /** Mirror the window left to right. */
  readonly flip: boolean;
}

/**
 * The window `w` of `image` resized to w.width x w.height, as 8-bit RGB
 * [cropHeight, cropWidth, 3].
 */
export function resizeCrop(image: RgbImage, w: CropWindow): Uint8Array {
  const cw = w.cropWidth;
  const ch = w.cropHeight;
  if (
    w.left < 0 ||
    w.top < 0 ||
    w.left + cw > w.width ||
    w.top + ch > w.height
  ) {
    throw new RangeError(
      `resizeCrop: window must lie inside ${w.width}x${w.height}; got ` +
        `${cw}x${ch} at (${w.left}, ${w.top})`,
    );
  }
  const xt = taps(image.width, w.width, w.left, cw);
  const yt = taps(image.height, w.height, w.top, ch);
  const row0 = yt.first[0] as number;
  const rows =
    (yt.first[ch - 1] as number) + (yt.count[ch - 1] as number) - row0;

  // Rows pass: every input row the window needs, window columns only.
  const src = image.data;
  const mid = new Float64Array(rows * cw * 3);
  for (let r = 0; r < rows; r++) {
    const line = (row0 + r) * image.width * 3;
    for (let x = 0; x < cw; x++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      const at = line + (xt.first[x] as number) * 3;
      for (let k = 0; k < (xt.count[x] as number); k++) {
        const wk = xt.weights[x * xt.stride + k] as number;
        red += wk * (src[at + 3 * k] as number);
        green += wk * (src[at + 3 * k + 1] as number);
        blue += wk * (src[at + 3 * k + 2] as number);
      }
      const o = (r * cw + x) * 3;
      mid[o] = red;
      mid[o + 1] = green;
      mid[o + 2] = blue;
    }
  }

  // Columns pass: each output row is a weighted sum of whole mid rows.
  const out = new Uint8Array(cw * ch * 3);
  const acc = new Float64Array(cw * 3);
  for (let y = 0; y < ch; y++) {
    acc.fill(0);
    const r0 = (yt.first[y] as number) - row0;
    for (let k = 0; k < (yt.count[y] as number); k++) {
      const wk = yt.weights[y * yt.stride + k] as number;
      const base = (r0 + k) * cw * 3;
      for (let j = 0; j < cw * 3; j++) {
        acc[j] = (acc[j] as number) + wk * (mid[base + j] as number);
      }
    }
    for (let x = 0; x < cw; x++) {
      const o = (y * cw + (w.flip ? cw - 1 - x : x)) * 3;
      for (let c = 0; c < 3; c++) {
        const v = Math.round(acc[x * 3 + c] as number);
        out[o + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  return out;
}
