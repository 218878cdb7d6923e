/**
 * 3x3, stride-1 convolutions and their filter gradients for the wasm
 * backend by Winograd's F(4x4, 3x3) (winograd-transforms.ts): a quarter of
 * the multiplications of a direct convolution, in 36 matrix products that
 * run on the wasm backend's BatchMatMul (XNNPACK's GEMM). VGG's layers are
 * all of this kind, and its training step is GEMM-bound: XNNPACK reaches
 * about 34 GFLOP/s on one core with 128-bit wasm SIMD and no FMA.
 *
 * The output is cut into 4x4 tiles; each reads a 6x6 input patch (zeros
 * outside the input, which is how padding enters). Tiles are processed in
 * blocks whose transformed values stay near a byte budget, so the scratch
 * memory is bounded whatever the batch.
 *
 * Forward (and input gradient, which is the forward convolution of dy with
 * the rotated, transposed filter):
 *   V = B^T d B per tile and input channel, U = G g G^T per channel pair,
 *   M[xi] = V[xi] U[xi] (tiles x ci by ci x co), y = A^T M A per tile.
 * Filter gradient, the chain rule through the same algebra:
 *   dM = A dy A^T per tile, dU[xi] = sum over blocks V[xi]^T dM[xi],
 *   dg = G^T dU G.
 *
 * The results differ from a direct convolution by float32 rounding of the
 * transforms, which grows with their coefficients (up to 8 and 1/24 here):
 * up to 9e-6 of the output scale in the tests, 2.7e-5 on VGG-D's layers.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import type { ConvGeometry } from './conv-geometry.js';
import { runWasmKernel as run } from './run-wasm-kernel.js';
import {
  planeCount,
  tileIn,
  tileOut,
  transformFilter,
  transformFilterGradient,
  transformInputTile,
  transformOutputGradientTile,
  transformOutputTile,
} from './winograd-transforms.js';

/** Whether `g` is a convolution this file computes: 3x3, stride 1, no dilation. */
export function winogradShape(g: ConvGeometry): boolean {
  return (
    g.filterHeight === 3 &&
    g.filterWidth === 3 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.dilationHeight === 1 &&
    g.dilationWidth === 1 &&
    g.outHeight > 0 &&
    g.outWidth > 0
  );
}

/**
 * Whether the forward convolution (or input gradient) of `g` is faster by
 * Winograd than by XNNPACK's direct convolution. Measured by
 * bench/conv-layers.ts at batch 8 on this project's 2-core machine: VGG-D's conv1_2 to conv5_1 1.3-2.4 times faster; layers of 32
 * channels or fewer slower (0.85 on 14x14x32->64), since the transforms
 * cost per channel and the GEMMs per channel pair; maps that 4x4 tiles
 * cover badly (13x13 in 16x16, AlexNet's conv3-5) even (0.98-1.08); and
 * few tiles under a large filter slower (OverFeat fast's conv5, 72 tiles
 * of 1024x1024 channels, 0.97), since transforming and packing the filter
 * costs per channel pair whatever the batch.
 */
export function winogradForwardPays(g: ConvGeometry): boolean {
  const tiling = new Tiling(g);
  const covered = tiling.rows * tiling.cols * tileOut * tileOut;
  return (
    winogradShape(g) &&
    Math.min(g.inChannels, g.outChannels) >= 64 &&
    covered <= 1.45 * g.outHeight * g.outWidth &&
    tiling.count * 5000 >= g.inChannels * g.outChannels
  );
}

/**
 * Whether the filter gradient of `g` is faster by Winograd than by im2col
 * and GEMM (conv2d-backprop-filter.ts): 1.3-3.1 times on every measured
 * layer of 64 channels or more, AlexNet's and OverFeat's included; about
 * even at 32 (0.95 on 14x14x32->64).
 */
export function winogradFilterPays(g: ConvGeometry): boolean {
  return winogradShape(g) && Math.min(g.inChannels, g.outChannels) >= 64;
}

/** Bytes of one forward block's transformed inputs and products. */
export const forwardBlockBytes = 2 ** 23;
/** Bytes of one filter-gradient block; larger, since each block's GEMM
 * writes the whole ci x co result. */
export const filterBlockBytes = 2 ** 26;

/** The tiling of `g`'s output into 4x4 tiles, tile t = (n, ti, tj). */
class Tiling {
  readonly rows: number;
  readonly cols: number;
  readonly count: number;

  constructor(readonly g: ConvGeometry) {
    this.rows = Math.ceil(g.outHeight / tileOut);
    this.cols = Math.ceil(g.outWidth / tileOut);
    this.count = g.batchSize * this.rows * this.cols;
  }

  /** Tiles per block, for `bytesPerTile` of scratch each. */
  block(budget: number, bytesPerTile: number): number {
    return Math.min(this.count, Math.max(1, Math.floor(budget / bytesPerTile)));
  }

  /**
   * Copies the 6x6 input patch of tile `t` from NHWC `x` into `patch`
   * ([6, 6, ci]), zeros outside the input.
   */
  gatherPatch(x: Float32Array, t: number, patch: Float32Array): void {
    const { inHeight: H, inWidth: W, inChannels: C } = this.g;
    const { n, h0, w0 } = this.origin(
      t,
      this.g.padInfo.top,
      this.g.padInfo.left,
    );
    const lo = Math.max(0, -w0);
    const hi = Math.min(tileIn, W - w0);
    for (let r = 0; r < tileIn; r++) {
      const h = h0 + r;
      const at = r * tileIn * C;
      if (h < 0 || h >= H || hi <= lo) {
        patch.fill(0, at, at + tileIn * C);
        continue;
      }
      const from = ((n * H + h) * W + w0 + lo) * C;
      patch.fill(0, at, at + lo * C);
      patch.set(x.subarray(from, from + (hi - lo) * C), at + lo * C);
      patch.fill(0, at + hi * C, at + tileIn * C);
    }
  }

  /** Adds the 4x4 `tile` ([4, 4, co]) of tile `t` into NHWC `y`, clipped. */
  scatterTile(tile: Float32Array, t: number, y: Float32Array): void {
    const { outHeight: H, outWidth: W, outChannels: C } = this.g;
    const { n, h0, w0 } = this.origin(t, 0, 0);
    const width = Math.min(tileOut, W - w0) * C;
    for (let a = 0; a < tileOut && h0 + a < H; a++) {
      const at = ((n * H + h0 + a) * W + w0) * C;
      y.set(tile.subarray(a * tileOut * C, a * tileOut * C + width), at);
    }
  }

  /** Copies tile `t` of NHWC `dy` into `tile` ([4, 4, co]), zeros outside. */
  gatherTile(dy: Float32Array, t: number, tile: Float32Array): void {
    const { outHeight: H, outWidth: W, outChannels: C } = this.g;
    const { n, h0, w0 } = this.origin(t, 0, 0);
    const width = Math.min(tileOut, W - w0) * C;
    tile.fill(0);
    for (let a = 0; a < tileOut && h0 + a < H; a++) {
      const at = ((n * H + h0 + a) * W + w0) * C;
      tile.set(dy.subarray(at, at + width), a * tileOut * C);
    }
  }

  /** Image and top-left output position of tile t, shifted by the padding. */
  private origin(
    t: number,
    top: number,
    left: number,
  ): { n: number; h0: number; w0: number } {
    const per = this.rows * this.cols;
    const n = Math.floor(t / per);
    const i = Math.floor((t % per) / this.cols);
    const j = t % this.cols;
    return { n, h0: i * tileOut - top, w0: j * tileOut - left };
  }
}

/** Allocates `count` wasm tensors of `shape`. */
function allocate(
  backend: BackendWasm,
  shape: number[],
  count = planeCount,
): TensorInfo[] {
  return Array.from({ length: count }, () =>
    backend.makeOutput(shape, 'float32'),
  );
}

/** Heap views of `infos`; take them after the last allocation. */
function views(backend: BackendWasm, infos: TensorInfo[]): Float32Array[] {
  return infos.map((t) => backend.typedArrayFromHeap(t) as Float32Array);
}

function dispose(backend: BackendWasm, infos: TensorInfo[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}

/** What a fused convolution adds to each output: a bias, then ReLU. */
export interface Epilogue {
  bias?: TensorInfo;
  relu: boolean;
}

/**
 * y = conv(x, filter) for NHWC `x` and HWIO [3, 3, ci, co] `filter` of
 * geometry `g` (winogradShape(g) must hold), with an optional epilogue.
 */
export function winogradConv2d(
  x: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
  backend: BackendWasm,
  epilogue: Epilogue = { relu: false },
  budget = forwardBlockBytes,
): TensorInfo {
  const tiling = new Tiling(g);
  const { inChannels: ci, outChannels: co } = g;
  const u = allocate(backend, [1, ci, co]);
  transformFilter(
    backend.typedArrayFromHeap(filter) as Float32Array,
    ci * co,
    views(backend, u),
  );
  const y = backend.makeOutput(g.outShape, 'float32');
  const block = tiling.block(budget, planeCount * (ci + co) * 4);
  const patch = new Float32Array(tileIn * tileIn * ci);
  const tile = new Float32Array(tileOut * tileOut * co);
  const q = new Float64Array(planeCount);

  for (let t0 = 0; t0 < tiling.count; t0 += block) {
    const count = Math.min(block, tiling.count - t0);
    const v = allocate(backend, [1, count, ci]);
    const xs = backend.typedArrayFromHeap(x) as Float32Array;
    const vs = views(backend, v);
    for (let k = 0; k < count; k++) {
      tiling.gatherPatch(xs, t0 + k, patch);
      transformInputTile(patch, ci, vs, k, q);
    }
    const m = v.map((vi, xi) =>
      run('BatchMatMul', { a: vi, b: u[xi] as TensorInfo }, backend, {
        transposeA: false,
        transposeB: false,
      }),
    );
    dispose(backend, v);
    const ms = views(backend, m);
    const ys = backend.typedArrayFromHeap(y) as Float32Array;
    const bias =
      epilogue.bias === undefined
        ? undefined
        : (backend.typedArrayFromHeap(epilogue.bias) as Float32Array);
    for (let k = 0; k < count; k++) {
      transformOutputTile(ms, co, k, tile, q);
      if (bias !== undefined || epilogue.relu) {
        finish(tile, co, bias, epilogue.relu);
      }
      tiling.scatterTile(tile, t0 + k, ys);
    }
    dispose(backend, m);
  }
  dispose(backend, u);
  return y;
}

/** Adds `bias` to each of `tile`'s pixels ([.., co]), then applies ReLU. */
function finish(
  tile: Float32Array,
  co: number,
  bias: Float32Array | undefined,
  relu: boolean,
): void {
  for (let p = 0; p < tile.length; p += co) {
    for (let c = 0; c < co; c++) {
      let v = tile[p + c] as number;
      if (bias !== undefined) v += bias[c] as number;
      tile[p + c] = relu && v < 0 ? 0 : v;
    }
  }
}

/**
 * The HWIO [3, 3, ci, co] filter gradient of the convolution of geometry
 * `g` (winogradShape(g) must hold) from its input `x` and output
 * gradient `dy`, both NHWC.
 */
export function winogradFilterGradient(
  x: TensorInfo,
  dy: TensorInfo,
  g: ConvGeometry,
  backend: BackendWasm,
  budget = filterBlockBytes,
): TensorInfo {
  const tiling = new Tiling(g);
  const { inChannels: ci, outChannels: co } = g;
  const block = tiling.block(budget, planeCount * (ci + co) * 4);
  const patch = new Float32Array(tileIn * tileIn * ci);
  const tile = new Float32Array(tileOut * tileOut * co);
  const q = new Float64Array(planeCount);
  let du: TensorInfo[] | undefined;

  for (let t0 = 0; t0 < tiling.count; t0 += block) {
    const count = Math.min(block, tiling.count - t0);
    const v = allocate(backend, [1, count, ci]);
    const dm = allocate(backend, [1, count, co]);
    const xs = backend.typedArrayFromHeap(x) as Float32Array;
    const dys = backend.typedArrayFromHeap(dy) as Float32Array;
    const vs = views(backend, v);
    const dms = views(backend, dm);
    for (let k = 0; k < count; k++) {
      tiling.gatherPatch(xs, t0 + k, patch);
      transformInputTile(patch, ci, vs, k, q);
      tiling.gatherTile(dys, t0 + k, tile);
      transformOutputGradientTile(tile, co, dms, k, q);
    }
    const part = v.map((vi, xi) =>
      run('BatchMatMul', { a: vi, b: dm[xi] as TensorInfo }, backend, {
        transposeA: true,
        transposeB: false,
      }),
    );
    dispose(backend, [...v, ...dm]);
    if (du === undefined) {
      du = part;
    } else {
      const sum = du.map((s, xi) =>
        run('Add', { a: s, b: part[xi] as TensorInfo }, backend, {}),
      );
      dispose(backend, [...du, ...part]);
      du = sum;
    }
  }
  const dw = backend.makeOutput([3, 3, ci, co], 'float32');
  if (du === undefined) {
    (backend.typedArrayFromHeap(dw) as Float32Array).fill(0);
    return dw;
  }
  transformFilterGradient(
    views(backend, du),
    ci * co,
    backend.typedArrayFromHeap(dw) as Float32Array,
  );
  dispose(backend, du);
  return dw;
}
