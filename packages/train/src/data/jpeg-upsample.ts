/**
 * libjpeg's "fancy" chroma upsampling and fixed-point YCbCr -> RGB
 * conversion, for JPEGs whose chroma is full size (4:4:4), subsampled 2x1
 * (4:2:2) or 2x2 (4:2:0). jpeg-js repeats each chroma sample and converts
 * in floats; libjpeg (so Pillow and torchvision) interpolates with weights
 * 3/4 and 1/4 towards the nearer and farther neighbour, in integers with
 * alternating rounding. Redone here from jpeg-js's raw YCbCr output, in
 * which chroma sample (i, j) sits at pixel (h i, v j).
 */

/** Sampling factors of the frame's components, from its SOF marker. */
export interface Sampling {
  readonly h: readonly number[];
  readonly v: readonly number[];
  /** An Adobe APP14 marker is present (jpeg-js then ignores colorTransform). */
  readonly adobe: boolean;
}

/** Reads the markers up to the first scan; undefined without a frame. */
export function jpegSampling(bytes: Uint8Array): Sampling | undefined {
  let at = 2;
  let adobe = false;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    if (
      marker === 0xee &&
      String.fromCharCode(...bytes.subarray(at + 4, at + 9)) === 'Adobe'
    ) {
      adobe = true;
    }
    const isFrame =
      marker >= 0xc0 &&
      marker <= 0xcf &&
      marker !== 0xc4 &&
      marker !== 0xc8 &&
      marker !== 0xcc;
    if (isFrame) {
      const n = bytes[at + 9] as number;
      const h: number[] = [];
      const v: number[] = [];
      for (let c = 0; c < n; c++) {
        const hv = bytes[at + 11 + 3 * c] as number;
        h.push(hv >> 4);
        v.push(hv & 15);
      }
      return { h, v, adobe };
    }
    if (marker === 0xda) return undefined;
    at += 2 + length;
  }
  return undefined;
}

/**
 * Whether `s` is a 3-component frame this module converts: chroma full
 * size (4:4:4), halved across (4:2:2) or halved both ways (4:2:0).
 */
export function libjpegSampling(s: Sampling | undefined): s is Sampling {
  if (s === undefined || s.adobe || s.h.length !== 3) {
    return false;
  }
  const [h, v] = [s.h[0], s.v[0]];
  const ok = (h === 1 && v === 1) || (h === 2 && (v === 1 || v === 2));
  return ok && [1, 2].every((c) => s.h[c] === 1 && s.v[c] === 1);
}

// libjpeg's YCbCr -> RGB in 16-bit fixed point (jdcolor.c's constants).
const ONE_HALF = 1 << 15;
const CR_R = Math.round(1.402 * 65536);
const CB_B = Math.round(1.772 * 65536);
const CB_G = -Math.round(0.34414 * 65536);
const CR_G = -Math.round(0.71414 * 65536);

/**
 * RGB from jpeg-js's raw output `ycc` ([height, width, 3] Y, Cb, Cr with
 * chroma repeated) of a frame whose chroma is subsampled `h` times across
 * and `v` times down: (1, 1), (2, 1) or (2, 2).
 */
export function fancyRgb(
  ycc: Uint8Array,
  width: number,
  height: number,
  h: number,
  v: number,
): Uint8Array {
  const cw = Math.ceil(width / h);
  const rows = Math.ceil(height / v);
  // v = 2: sums of 3 * nearer row + farther row, /16; v = 1: the row, /4.
  const [shift, even, odd] = v === 2 ? [4, 8, 7] : [2, 1, 2];
  const rgb = new Uint8Array(width * height * 3);
  const sums = new Int32Array(cw);
  const chroma = [new Int32Array(h * cw), new Int32Array(h * cw)];

  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / v);
    const far =
      y % 2 === 0 ? Math.max(0, row - 1) : Math.min(rows - 1, row + 1);
    for (let c = 0; c < 2; c++) {
      const near = row * v * width * 3 + 1 + c;
      const other = far * v * width * 3 + 1 + c;
      for (let i = 0; i < cw; i++) {
        const s = ycc[near + 3 * h * i] as number;
        sums[i] = v === 2 ? 3 * s + (ycc[other + 3 * h * i] as number) : s;
      }
      const out = chroma[c] as Int32Array;
      if (h === 1) {
        out.set(sums);
        continue;
      }
      for (let i = 0; i < cw; i++) {
        const s = sums[i] as number;
        const left = i === 0 ? s : (sums[i - 1] as number);
        const right = i === cw - 1 ? s : (sums[i + 1] as number);
        out[2 * i] = (3 * s + left + even) >> shift;
        out[2 * i + 1] = (3 * s + right + odd) >> shift;
      }
    }
    const [cb, cr] = chroma as [Int32Array, Int32Array];
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const luma = ycc[o] as number;
      const b = (cb[x] as number) - 128;
      const r = (cr[x] as number) - 128;
      rgb[o] = clamp(luma + ((CR_R * r + ONE_HALF) >> 16));
      rgb[o + 1] = clamp(luma + ((CB_G * b + CR_G * r + ONE_HALF) >> 16));
      rgb[o + 2] = clamp(luma + ((CB_B * b + ONE_HALF) >> 16));
    }
  }
  return rgb;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
