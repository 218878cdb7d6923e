import type { Seed } from '@zoo/init';
import type { FillChunk } from '../encode.js';
import type { OnnxModel } from '../model.js';
import { type WriteResult, writeModel } from '../write.js';
import type { PlannedWeight, ReinitPlan } from './plan.js';

/** Mean and std of the values written for one weight. */
export interface WrittenStats {
  readonly mean: number;
  readonly std: number;
}

/** Options of `reinitModel`. */
export interface ReinitWriteOptions {
  readonly force?: boolean;
  /** Called as elements are generated: (done, total) over all weights. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Writes `model` to `outPath` with every planned weight re-initialised.
 * Elementwise schemes are generated chunk by chunk as the file is written
 * (memory stays near one copy of the model); the others (orthogonal,
 * sparse) are generated whole, one tensor at a time. Returns what was
 * written and, per weight, the mean and std of the written values.
 */
export async function reinitModel(
  model: OnnxModel,
  outPath: string,
  plan: ReinitPlan,
  options: ReinitWriteOptions = {},
): Promise<{ result: WriteResult; stats: Map<string, WrittenStats> }> {
  const total = plan.weights.reduce((n, p) => n + size(p), 0);
  let done = 0;
  const stats = new Map<string, WrittenStats>();
  const fills = new Map<string, FillChunk>();
  for (const p of plan.weights) {
    const moments: Moments = { mean: 0, m2: 0, count: 0 };
    const fill = chunkSource(p, plan.seed);
    fills.set(p.weight.name, (out, start) => {
      fill(out, start);
      addMoments(moments, out);
      const std = Math.sqrt(moments.m2 / Math.max(moments.count, 1));
      stats.set(p.weight.name, { mean: moments.mean, std });
      done += out.length;
      options.onProgress?.(done, total);
    });
  }
  const result = await writeModel(model, outPath, fills, {
    force: options.force ?? false,
  });
  return { result, stats };
}

/** Running mean and sum of squared deviations (m2) of the values seen. */
interface Moments {
  mean: number;
  m2: number;
  count: number;
}

/**
 * Merges a chunk into `moments`: two passes over the chunk (it is still in
 * cache), then Chan et al.'s pairwise update, so that constant tensors
 * get std 0 rather than the rounding error of E[x^2] - E[x]^2. Local
 * accumulators keep the loops in registers, which matters at 138 M values
 * (VGG16).
 */
function addMoments(moments: Moments, values: Float32Array | Float64Array) {
  const n = values.length;
  if (n === 0) return;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) m2 += (values[i]! - mean) ** 2;
  const count = moments.count + n;
  const delta = mean - moments.mean;
  moments.m2 += m2 + (delta * delta * moments.count * n) / count;
  moments.mean += (delta * n) / count;
  moments.count = count;
}

/** Chunks of a weight: computed per chunk, or once and then sliced. */
function chunkSource(p: PlannedWeight, seed: Seed): FillChunk {
  if (p.initializer.elementwise) {
    return (out, start) => p.initializer.fill(p.spec, seed, out, start);
  }
  let whole: Float32Array | Float64Array | undefined;
  return (out, start) => {
    if (whole === undefined || start === 0) {
      whole =
        out instanceof Float64Array
          ? new Float64Array(size(p))
          : new Float32Array(size(p));
      p.initializer.fill(p.spec, seed, whole, 0);
    }
    out.set(whole.subarray(start, start + out.length));
    if (start + out.length >= whole.length) whole = undefined;
  };
}

function size(p: PlannedWeight): number {
  return p.weight.shape.reduce((a, b) => a * b, 1);
}
