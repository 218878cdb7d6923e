import type { Seed } from '@zoo/init';
import type { FillChunk } from '../encode.js';
import { type Moments, mergeMoments, moments, stdOf } from '../moments.js';
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
    const seen: Moments = { mean: 0, m2: 0, count: 0 };
    const fill = chunkSource(p, plan.seed);
    fills.set(p.weight.name, (out, start) => {
      fill(out, start);
      mergeMoments(seen, moments(out));
      stats.set(p.weight.name, { mean: seen.mean, std: stdOf(seen) });
      done += out.length;
      options.onProgress?.(done, total);
    });
  }
  const result = await writeModel(model, outPath, fills, {
    force: options.force ?? false,
  });
  return { result, stats };
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
