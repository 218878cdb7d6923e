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
 * memory is bounded whatever the batch (plus 36 ci x co planes for the
 * transformed filter or its gradient).
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
import { runWasmKernel as run, Scratch } from './run-wasm-kernel.js';
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

/** Whether this file computes `g`: 3x3, stride 1, no dilation. */
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

/** Fewest input and output channels for which Winograd pays. */
const minChannels = 64;
/** Most output area the 4x4 tiles may cover per output pixel (forward). */
const maxCoverage = 1.45;
/** Fewest output pixels of the batch per channel pair (forward). */
const minPixelsPerPair = 1 / 175;
/** Fewest tiles of the batch (filter gradient): the GEMMs' depth. */
const minFilterTiles = 36;

/**
 * Whether the forward convolution (or input gradient) of `g` is faster by
 * Winograd than by XNNPACK's direct convolution, a rule fitted to
 * bench/conv-layers.ts at batch 2, 4 and 8 on this project's 2-core
 * machine (table in the package README). Taken: VGG-D's conv1_2 to
 * conv5_1 at batch 8, 1.34-2.63 times faster. Not taken: 32 channels
 * (0.84 on 14x14, 32 -> 64), since the transforms cost per channel and
 * the GEMMs per channel pair; maps that 4x4 tiles cover badly (13x13 in
 * 16x16, AlexNet's conv3-5: 1.04-1.08 at batch 8, 0.44-0.80 below); and
 * too few pixels for the filter's channel pairs (OverFeat fast's conv5 at
 * batch 8, 0.97; VGG-D's conv5_1 at batch 4, 0.90), whose transform and
 * GEMM packing cost per call, while XNNPACK packs its filter once.
 */
export function winogradForwardPays(g: ConvGeometry): boolean {
  const tiling = new Tiling(g);
  const pixels = g.batchSize * g.outHeight * g.outWidth;
  const covered = tiling.count * tileOut * tileOut;
  return (
    winogradShape(g) &&
    Math.min(g.inChannels, g.outChannels) >= minChannels &&
    covered <= maxCoverage * pixels &&
    pixels >= minPixelsPerPair * g.inChannels * g.outChannels
  );
}

/**
 * Whether the filter gradient of `g` is faster by Winograd than by im2col
 * and GEMM (conv2d-backprop-filter.ts): 1.30-3.15 times on every layer of
 * 64 channels or more at batch 8, AlexNet's and OverFeat's included, and
 * 1.09-1.38 at batch 4 (36-100 tiles); slower with 18-32 tiles (0.66-0.91
 * at batch 2) and at 32 channels (0.92 on 14x14, 32 -> 64).
 */
export function winogradFilterPays(g: ConvGeometry): boolean {
  return (
    winogradShape(g) &&
    Math.min(g.inChannels, g.outChannels) >= minChannels &&
    new Tiling(g).count >= minFilterTiles
  );
}

/** Bytes of one forward block's transformed inputs and products. */
const forwardBlockBytes = 2 ** 23;
/** Bytes of one filter-gradient block; larger, since each block's GEMM
 * writes the whole ci x co result. */
const filterBlockBytes = 2 ** 26;

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

  /** Writes the 4x4 `tile` ([4, 4, co]) of tile `t` into NHWC `y`, clipped. */
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

/** The tiling and JavaScript buffers of one call of either kernel. */
function workspace(g: ConvGeometry, budget: number) {
  const tiling = new Tiling(g);
  const { inChannels: ci, outChannels: co } = g;
  return {
    tiling,
    ci,
    co,
    /** Tiles per block. */
    block: tiling.block(budget, planeCount * (ci + co) * 4),
    /** One 6x6 input patch, [6, 6, ci]. */
    patch: new Float32Array(tileIn * tileIn * ci),
    /** One 4x4 output (or output-gradient) tile, [4, 4, co]. */
    tile: new Float32Array(tileOut * tileOut * co),
    /** The transforms' intermediate values. */
    work: new Float64Array(planeCount),
  };
}

/** Allocates `planeCount` wasm tensors of `shape`, kept by `scratch`. */
function allocate(scratch: Scratch, shape: number[]): TensorInfo[] {
  return Array.from({ length: planeCount }, () =>
    scratch.keep(scratch.backend.makeOutput(shape, 'float32')),
  );
}

/**
 * The 36 products a[xi] b[xi] (a[xi]^T b[xi] with `transposeA`) through
 * the wasm BatchMatMul, kept by `scratch`.
 */
function planeProducts(
  scratch: Scratch,
  a: TensorInfo[],
  b: TensorInfo[],
  transposeA: boolean,
): TensorInfo[] {
  return a.map((ai, xi) =>
    scratch.keep(
      run('BatchMatMul', { a: ai, b: b[xi] as TensorInfo }, scratch.backend, {
        transposeA,
        transposeB: false,
      }),
    ),
  );
}

/** Heap views of `infos`; take them after the last allocation. */
function views(backend: BackendWasm, infos: TensorInfo[]): Float32Array[] {
  return infos.map((t) => backend.typedArrayFromHeap(t) as Float32Array);
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
  const { tiling, ci, co, block, patch, tile, work } = workspace(g, budget);
  const scratch = new Scratch(backend);
  const y = backend.makeOutput(g.outShape, 'float32');
  try {
    const u = allocate(scratch, [1, ci, co]);
    transformFilter(
      backend.typedArrayFromHeap(filter) as Float32Array,
      ci * co,
      views(backend, u),
    );
    for (let t0 = 0; t0 < tiling.count; t0 += block) {
      const count = Math.min(block, tiling.count - t0);
      const v = allocate(scratch, [1, count, ci]);
      const xs = backend.typedArrayFromHeap(x) as Float32Array;
      const vs = views(backend, v);
      for (let k = 0; k < count; k++) {
        tiling.gatherPatch(xs, t0 + k, patch);
        transformInputTile(patch, ci, vs, k, work);
      }
      const m = planeProducts(scratch, v, u, false);
      scratch.free(v);
      const ms = views(backend, m);
      const ys = backend.typedArrayFromHeap(y) as Float32Array;
      const bias =
        epilogue.bias === undefined
          ? undefined
          : (backend.typedArrayFromHeap(epilogue.bias) as Float32Array);
      for (let k = 0; k < count; k++) {
        transformOutputTile(ms, co, k, tile, work);
        if (bias !== undefined || epilogue.relu) {
          addBiasRelu(tile, co, bias, epilogue.relu);
        }
        tiling.scatterTile(tile, t0 + k, ys);
      }
      scratch.free(m);
    }
    return y;
  } catch (error) {
    backend.disposeData(y.dataId);
    throw error;
  } finally {
    scratch.dispose();
  }
}

/** Adds `bias` to each of `tile`'s pixels ([.., co]), then ReLU if asked. */
function addBiasRelu(
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
 * gradient `dy`, both NHWC. Each block's dU is added in place to the
 * first block's, so one set of 36 ci x co planes is kept whatever the
 * batch.
 */
export function winogradFilterGradient(
  x: TensorInfo,
  dy: TensorInfo,
  g: ConvGeometry,
  backend: BackendWasm,
  budget = filterBlockBytes,
): TensorInfo {
  const { tiling, ci, co, block, patch, tile, work } = workspace(g, budget);
  const scratch = new Scratch(backend);
  try {
    let du: TensorInfo[] | undefined;
    for (let t0 = 0; t0 < tiling.count; t0 += block) {
      const count = Math.min(block, tiling.count - t0);
      const v = allocate(scratch, [1, count, ci]);
      const dm = allocate(scratch, [1, count, co]);
      const xs = backend.typedArrayFromHeap(x) as Float32Array;
      const dys = backend.typedArrayFromHeap(dy) as Float32Array;
      const vs = views(backend, v);
      const dms = views(backend, dm);
      for (let k = 0; k < count; k++) {
        tiling.gatherPatch(xs, t0 + k, patch);
        transformInputTile(patch, ci, vs, k, work);
        tiling.gatherTile(dys, t0 + k, tile);
        transformOutputGradientTile(tile, co, dms, k, work);
      }
      const part = planeProducts(scratch, v, dm, true);
      scratch.free([...v, ...dm]);
      if (du === undefined) {
        du = part;
      } else {
        // Our own scratch, shared with no tensor: safe to add into.
        const sums = views(backend, du);
        views(backend, part).forEach((p, xi) => {
          const s = sums[xi] as Float32Array;
          for (let i = 0; i < p.length; i++) {
            s[i] = (s[i] as number) + (p[i] as number);
          }
        });
        scratch.free(part);
      }
    }
    const dw = backend.makeOutput([3, 3, ci, co], 'float32');
    const out = backend.typedArrayFromHeap(dw) as Float32Array;
    if (du === undefined) {
      out.fill(0);
    } else {
      transformFilterGradient(views(backend, du), ci * co, out);
    }
    return dw;
  } finally {
    scratch.dispose();
  }
}
