/**
 * The tile transforms of Winograd's minimal filtering algorithm F(4x4, 3x3)
 * for 3x3, stride-1 convolutions (Lavin and Gray, "Fast Algorithms for
 * Convolutional Neural Networks", CVPR 2016, with their matrices B^T, G
 * and A^T for F(4, 3) built on the points 0, +-1, +-2).
 *
 * A 6x6 input tile d and a 3x3 filter g give the 4x4 output tile
 *
 *   Y = A^T [ (G g G^T) . (B^T d B) ] A        (. elementwise)
 *
 * so over many channels the 36 elementwise products become 36 matrix
 * products: 36 multiplications per 16 outputs against 16 * 9 directly,
 * a quarter. The transforms below are those matrices written out as
 * sums, one function per direction; each works on one tile of every
 * channel at once, channels innermost, as NHWC stores them.
 *
 * A tile's 36 transformed values are stored in 36 planes, one matrix each
 * (`planes[xi][row * channels + c]` for plane xi = 6 * i + j).
 */

/** Output tile side m of F(m x m, 3 x 3). */
export const tileOut = 4;
/** Input tile side, m + 3 - 1. */
export const tileIn = 6;
/** Transformed values per tile, tileIn^2. */
export const planeCount = 36;

/**
 * B^T d B for the 6x6 tiles of all `channels` channels in `patch`
 * ([6, 6, channels], row-major), written to row `row` of each plane.
 */
export function transformInputTile(
  patch: Float32Array,
  channels: number,
  planes: Float32Array[],
  row: number,
  work: Float64Array,
): void {
  const C = channels;
  const at = row * C;
  for (let c = 0; c < C; c++) {
    // d B: along each of the 6 rows.
    for (let r = 0; r < 6; r++) {
      const o = r * 6 * C + c;
      const z0 = patch[o] as number;
      const z1 = patch[o + C] as number;
      const z2 = patch[o + 2 * C] as number;
      const z3 = patch[o + 3 * C] as number;
      const z4 = patch[o + 4 * C] as number;
      const z5 = patch[o + 5 * C] as number;
      const k = r * 6;
      work[k] = 4 * z0 - 5 * z2 + z4;
      work[k + 1] = z3 + z4 - 4 * (z1 + z2);
      work[k + 2] = z4 - z3 + 4 * (z1 - z2);
      work[k + 3] = z4 - z2 + 2 * (z3 - z1);
      work[k + 4] = z4 - z2 + 2 * (z1 - z3);
      work[k + 5] = 4 * z1 - 5 * z3 + z5;
    }
    // B^T (d B): down each of the 6 columns.
    for (let j = 0; j < 6; j++) {
      const z0 = work[j] as number;
      const z1 = work[6 + j] as number;
      const z2 = work[12 + j] as number;
      const z3 = work[18 + j] as number;
      const z4 = work[24 + j] as number;
      const z5 = work[30 + j] as number;
      (planes[j] as Float32Array)[at + c] = 4 * z0 - 5 * z2 + z4;
      (planes[6 + j] as Float32Array)[at + c] = z3 + z4 - 4 * (z1 + z2);
      (planes[12 + j] as Float32Array)[at + c] = z4 - z3 + 4 * (z1 - z2);
      (planes[18 + j] as Float32Array)[at + c] = z4 - z2 + 2 * (z3 - z1);
      (planes[24 + j] as Float32Array)[at + c] = z4 - z2 + 2 * (z1 - z3);
      (planes[30 + j] as Float32Array)[at + c] = 4 * z1 - 5 * z3 + z5;
    }
  }
}

/**
 * A^T M A of row `row` of the planes, for all `channels` channels: the
 * 4x4 output tile, written to `tile` ([4, 4, channels], row-major).
 */
export function transformOutputTile(
  planes: Float32Array[],
  channels: number,
  row: number,
  tile: Float32Array,
  work: Float64Array,
): void {
  const C = channels;
  const at = row * C;
  for (let c = 0; c < C; c++) {
    // A^T M: down each of the 6 columns, 4 values each.
    for (let j = 0; j < 6; j++) {
      const m0 = (planes[j] as Float32Array)[at + c] as number;
      const m1 = (planes[6 + j] as Float32Array)[at + c] as number;
      const m2 = (planes[12 + j] as Float32Array)[at + c] as number;
      const m3 = (planes[18 + j] as Float32Array)[at + c] as number;
      const m4 = (planes[24 + j] as Float32Array)[at + c] as number;
      const m5 = (planes[30 + j] as Float32Array)[at + c] as number;
      const p = m1 + m2;
      const n = m1 - m2;
      const p2 = m3 + m4;
      const n2 = m3 - m4;
      work[j] = m0 + p + p2;
      work[6 + j] = n + 2 * n2;
      work[12 + j] = p + 4 * p2;
      work[18 + j] = n + 8 * n2 + m5;
    }
    // (A^T M) A: along each of the 4 rows.
    for (let a = 0; a < 4; a++) {
      const k = a * 6;
      const m0 = work[k] as number;
      const p = (work[k + 1] as number) + (work[k + 2] as number);
      const n = (work[k + 1] as number) - (work[k + 2] as number);
      const p2 = (work[k + 3] as number) + (work[k + 4] as number);
      const n2 = (work[k + 3] as number) - (work[k + 4] as number);
      const o = a * 4 * C + c;
      tile[o] = m0 + p + p2;
      tile[o + C] = n + 2 * n2;
      tile[o + 2 * C] = p + 4 * p2;
      tile[o + 3 * C] = n + 8 * n2 + (work[k + 5] as number);
    }
  }
}

/**
 * A Y A^T for a 4x4 tile of an output gradient ([4, 4, channels]), the
 * transform that the filter gradient needs: since Y = A^T M A, dM = A dY
 * A^T, and dU = sum over tiles of dM . V.
 */
export function transformOutputGradientTile(
  tile: Float32Array,
  channels: number,
  planes: Float32Array[],
  row: number,
  work: Float64Array,
): void {
  const C = channels;
  const at = row * C;
  for (let c = 0; c < C; c++) {
    // dY A^T: along each of the 4 rows, 6 values each.
    for (let a = 0; a < 4; a++) {
      const o = a * 4 * C + c;
      const y0 = tile[o] as number;
      const y1 = tile[o + C] as number;
      const y2 = tile[o + 2 * C] as number;
      const y3 = tile[o + 3 * C] as number;
      const k = a * 6;
      work[k] = y0;
      work[k + 1] = y0 + y1 + y2 + y3;
      work[k + 2] = y0 - y1 + y2 - y3;
      work[k + 3] = y0 + 2 * y1 + 4 * y2 + 8 * y3;
      work[k + 4] = y0 - 2 * y1 + 4 * y2 - 8 * y3;
      work[k + 5] = y3;
    }
    // A (dY A^T): down each of the 6 columns.
    for (let j = 0; j < 6; j++) {
      const y0 = work[j] as number;
      const y1 = work[6 + j] as number;
      const y2 = work[12 + j] as number;
      const y3 = work[18 + j] as number;
      (planes[j] as Float32Array)[at + c] = y0;
      (planes[6 + j] as Float32Array)[at + c] = y0 + y1 + y2 + y3;
      (planes[12 + j] as Float32Array)[at + c] = y0 - y1 + y2 - y3;
      (planes[18 + j] as Float32Array)[at + c] = y0 + 2 * y1 + 4 * y2 + 8 * y3;
      (planes[24 + j] as Float32Array)[at + c] = y0 - 2 * y1 + 4 * y2 - 8 * y3;
      (planes[30 + j] as Float32Array)[at + c] = y3;
    }
  }
}

/**
 * G g G^T for an HWIO [3, 3, ci, co] filter (`pairs` = ci * co): plane xi
 * gets the [ci, co] matrix of transformed value xi. Computed in float64,
 * rounded once.
 */
export function transformFilter(
  filter: Float32Array,
  pairs: number,
  planes: Float32Array[],
): void {
  const gg = new Float64Array(18);
  const u = new Float64Array(36);
  for (let e = 0; e < pairs; e++) {
    // G g: down each of the 3 columns; gg[i * 3 + j].
    for (let j = 0; j < 3; j++) {
      applyG(filter, j * pairs + e, 3 * pairs, gg, j, 3);
    }
    // (G g) G^T: along each of the 6 rows; u[i * 6 + j].
    for (let i = 0; i < 6; i++) {
      applyG(gg, i * 3, 1, u, i * 6, 1);
    }
    for (let xi = 0; xi < 36; xi++) {
      (planes[xi] as Float32Array)[e] = u[xi] as number;
    }
  }
}

/**
 * G^T dU G: the HWIO [3, 3, ci, co] filter gradient from the planes of
 * the gradient dU of the transformed filter ([ci, co] each).
 */
export function transformFilterGradient(
  planes: Float32Array[],
  pairs: number,
  out: Float32Array,
): void {
  const du = new Float64Array(36);
  const gu = new Float64Array(18);
  const dg = new Float64Array(9);
  for (let e = 0; e < pairs; e++) {
    for (let xi = 0; xi < 36; xi++) {
      du[xi] = (planes[xi] as Float32Array)[e] as number;
    }
    // G^T dU: down each of the 6 columns; gu[i * 6 + j].
    for (let j = 0; j < 6; j++) applyGT(du, j, 6, gu, j, 6);
    // (G^T dU) G: along each of the 3 rows; dg[i * 3 + j].
    for (let i = 0; i < 3; i++) applyGT(gu, i * 6, 1, dg, i * 3, 1);
    for (let k = 0; k < 9; k++) out[k * pairs + e] = dg[k] as number;
  }
}

type Vector = Float32Array | Float64Array;

/**
 * G [g0, g1, g2], the 3 values src[from + k * step], into
 * dst[at + k * stride].
 */
function applyG(
  src: Vector,
  from: number,
  step: number,
  dst: Float64Array,
  at: number,
  stride: number,
): void {
  const g0 = src[from] as number;
  const g1 = src[from + step] as number;
  const g2 = src[from + 2 * step] as number;
  const s = g0 + g2;
  const t = g0 / 24 + g2 / 6;
  dst[at] = g0 / 4;
  dst[at + stride] = -(s + g1) / 6;
  dst[at + 2 * stride] = -(s - g1) / 6;
  dst[at + 3 * stride] = t + g1 / 12;
  dst[at + 4 * stride] = t - g1 / 12;
  dst[at + 5 * stride] = g2;
}

/**
 * G^T [z0 .. z5], the 6 values src[from + k * step], into
 * dst[at + k * stride].
 */
function applyGT(
  src: Float64Array,
  from: number,
  step: number,
  dst: Float64Array,
  at: number,
  stride: number,
): void {
  const z1 = src[from + step] as number;
  const z2 = src[from + 2 * step] as number;
  const z3 = src[from + 3 * step] as number;
  const z4 = src[from + 4 * step] as number;
  const p = z1 + z2;
  const p2 = z3 + z4;
  dst[at] = (src[from] as number) / 4 - p / 6 + p2 / 24;
  dst[at + stride] = (z2 - z1) / 6 + (z3 - z4) / 12;
  dst[at + 2 * stride] = (p2 - p) / 6 + (src[from + 5 * step] as number);
}
