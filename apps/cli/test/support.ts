import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { expect } from 'vitest';
import { PYTHON } from '../../../packages/onnx/test/helpers.js';

export {
  FIXTURES,
  gunzipFixture,
  makeModels,
  tempDir,
} from '../../../packages/onnx/test/helpers.js';

const REFERENCE = fileURLToPath(new URL('reference.py', import.meta.url));

/** One layer weight as test/reference.py measures it. */
export interface RefWeight {
  readonly name: string;
  readonly op: string;
  readonly node: string;
  readonly shape: number[];
  readonly fanIn: number;
  readonly fanOut: number;
  readonly activation: string;
  /** The std the scheme's formula gives, computed in Python. */
  readonly target: number;
  /** The largest |w| the scheme allows; null when unbounded. */
  readonly bound: number | null;
  readonly n: number;
  readonly mean: number;
  readonly std: number;
  readonly maxAbs: number;
  readonly gramError?: number;
}

/** One bias as test/reference.py measures it. */
export interface RefBias {
  readonly name: string;
  readonly node: string;
  readonly fanIn: number;
  readonly n: number;
  readonly mean: number;
  readonly std: number;
  readonly maxAbs: number;
}

/** What `reference.py verify` says about a re-initialised model. */
export interface Verified {
  /** Equal to the input once the layers' data is cleared in both. */
  readonly same: boolean;
  /** Tensors that are not layer weights or biases and changed. */
  readonly changedOthers: string[];
  readonly others: number;
  readonly weights: RefWeight[];
  readonly biases: RefBias[];
}

/** Runs test/reference.py in the system Python (onnx 1.12); parses JSON. */
export function reference<T>(mode: string, ...args: string[]): T {
  const out = execFileSync(PYTHON, [REFERENCE, mode, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out) as T;
}

/** The spec of `reference.py verify`. */
export interface VerifySpec {
  readonly scheme: string;
  readonly options?: Readonly<Record<string, number>>;
  readonly gain?: number | 'auto';
  readonly orthogonal?: boolean;
  readonly ignoreLocations?: boolean;
}

/**
 * Checks `output` against `input` in Python: checker passes (throws
 * otherwise), only layer data differs, the other tensors are bit-identical.
 */
export function verify(
  input: string,
  output: string,
  spec: VerifySpec,
): Verified {
  const v = reference<Verified>('verify', input, output, JSON.stringify(spec));
  expect(v.same, 'equal to the input but for layer data').toBe(true);
  expect(v.changedOthers, 'non-weight tensors changed').toEqual([]);
  return v;
}

/**
 * The relative tolerance on a sample std of `n` values: 1%, or 4 standard
 * errors where that is more. The sample std of n normal values has a
 * relative standard error of 1 / sqrt(2 n) (uniform: 0.45 / sqrt(n)), so a
 * flat 1% is only 1.4 of them at n = 10,000: AlexNet's conv1 (23,232
 * values) lands 2.3 of them off at seed 0, from an unbiased generator.
 */
export function stdTolerance(n: number): number {
  return Math.max(0.01, 4 / Math.sqrt(2 * n));
}

/**
 * Weights with >= `minSize` elements have a std within `stdTolerance` of
 * the Python target; every weight stays within the scheme's bound.
 */
export function expectTargets(
  weights: readonly RefWeight[],
  minSize = 10_000,
): void {
  const big = weights.filter((w) => w.n >= minSize);
  expect(big.length).toBeGreaterThan(0);
  for (const w of big) {
    const error = Math.abs(w.std / w.target - 1);
    expect(error, `${w.name}: std ${w.std} vs ${w.target}`).toBeLessThan(
      stdTolerance(w.n),
    );
  }
  for (const w of weights) {
    expect(w.std, `${w.name} is re-initialised`).toBeGreaterThan(0);
    if (w.bound !== null) {
      // float32 rounding of a value just under the bound.
      expect(w.maxAbs, `${w.name} within bound`).toBeLessThanOrEqual(
        w.bound * (1 + 1e-6),
      );
    }
  }
}

/** A seeded batch in [-1, 1) (LCG of Numerical Recipes). */
function randomBatch(seed: number): Float32Array {
  const image = new Float32Array(3 * 224 * 224);
  let state = seed >>> 0;
  for (let i = 0; i < image.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    image[i] = state / 2 ** 31 - 1;
  }
  return image;
}

/**
 * Runs `path` in onnxruntime-node on a random [1, 3, 224, 224] batch;
 * expects finite `logits` of shape [1, 1000], not all equal.
 */
export async function expectRuns(path: string): Promise<Float32Array> {
  const session = await InferenceSession.create(path, {
    logSeverityLevel: 3,
  });
  try {
    const result = await session.run({
      input: new Tensor('float32', randomBatch(7), [1, 3, 224, 224]),
    });
    const logits = result['logits'];
    expect(logits?.dims).toEqual([1, 1000]);
    const data = logits!.data as Float32Array;
    expect(data.every(Number.isFinite), 'finite logits').toBe(true);
    expect(new Set(data).size, 'logits not constant').toBeGreaterThan(1);
    return data;
  } finally {
    await session.release();
  }
}

/** sha256 of a file. */
export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The sorted names in a folder. */
export function listDir(dir: string): string[] {
  return readdirSync(dir).sort();
}
