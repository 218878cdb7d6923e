import { truncatedNormalStd } from '../random/distributions.js';
import {
  ksTest,
  normalCdfOf,
  truncatedNormalCdf,
  uniformCdf,
  type Cdf,
} from '../testing/index.js';
import type {
  Distribution,
  Fans,
  FloatArray,
  Initializer,
  Layout,
  Seed,
  WeightSpec,
} from '../types.js';

/**
 * Weights of every layout and rank 2-5 whose fans are worked out by hand
 * (connections of the layer they belong to), for testing schemes against
 * formulas that do not go through `computeFans`.
 */
export interface LayoutCase {
  readonly name: string;
  readonly shape: readonly number[];
  readonly layout: Layout;
  readonly group: number;
  readonly fans: Fans;
}

const at = (fanIn: number, fanOut: number, receptiveField: number): Fans => ({
  fanIn,
  fanOut,
  receptiveField,
});

export const LAYOUT_CASES: readonly LayoutCase[] = [
  {
    name: 'OI [64, 48]',
    shape: [64, 48],
    layout: 'OI',
    group: 1,
    fans: at(48, 64, 1),
  },
  {
    name: 'IO [48, 64]',
    shape: [48, 64],
    layout: 'IO',
    group: 1,
    fans: at(48, 64, 1),
  },
  {
    name: 'OIHW conv1d [32, 16, 5]',
    shape: [32, 16, 5],
    layout: 'OIHW',
    group: 1,
    fans: at(80, 160, 5),
  },
  {
    name: 'OIHW [32, 16, 3, 3]',
    shape: [32, 16, 3, 3],
    layout: 'OIHW',
    group: 1,
    fans: at(144, 288, 9),
  },
  {
    name: 'OIHW g=4 [32, 4, 3, 3]',
    shape: [32, 4, 3, 3],
    layout: 'OIHW',
    group: 4,
    fans: at(36, 72, 9),
  },
  {
    name: 'OIHW depthwise g=64 [128, 1, 3, 3]',
    shape: [128, 1, 3, 3],
    layout: 'OIHW',
    group: 64,
    fans: at(9, 18, 9),
  },
  {
    name: 'OIHW conv3d [8, 4, 3, 3, 3]',
    shape: [8, 4, 3, 3, 3],
    layout: 'OIHW',
    group: 1,
    fans: at(108, 216, 27),
  },
  {
    name: 'IOHW [16, 8, 4, 4]',
    shape: [16, 8, 4, 4],
    layout: 'IOHW',
    group: 1,
    fans: at(256, 128, 16),
  },
  {
    name: 'IOHW g=2 [16, 4, 4, 4]',
    shape: [16, 4, 4, 4],
    layout: 'IOHW',
    group: 2,
    fans: at(128, 64, 16),
  },
  {
    name: 'HWIO conv1d [5, 16, 32]',
    shape: [5, 16, 32],
    layout: 'HWIO',
    group: 1,
    fans: at(80, 160, 5),
  },
  {
    name: 'HWIO [3, 3, 16, 32]',
    shape: [3, 3, 16, 32],
    layout: 'HWIO',
    group: 1,
    fans: at(144, 288, 9),
  },
  {
    name: 'HWIO conv3d [3, 3, 3, 4, 8]',
    shape: [3, 3, 3, 4, 8],
    layout: 'HWIO',
    group: 1,
    fans: at(108, 216, 27),
  },
  {
    name: 'HWCM [3, 3, 64, 2]',
    shape: [3, 3, 64, 2],
    layout: 'HWCM',
    group: 1,
    fans: at(9, 18, 9),
  },
  {
    name: 'HWCM conv1d [5, 128, 3]',
    shape: [5, 128, 3],
    layout: 'HWCM',
    group: 1,
    fans: at(5, 15, 5),
  },
];

/** The std of N(0, 1) truncated to [-2, 2] (JKB 1994, 13.10). */
export const TRUNCATED_STD_2 = 0.87962566103423978;

/** The CDF of one element of `dist`, or undefined for point masses. */
export function distributionCdf(dist: Distribution): Cdf | undefined {
  switch (dist.kind) {
    case 'uniform':
      return dist.high > dist.low ? uniformCdf(dist.low, dist.high) : undefined;
    case 'normal':
      return dist.std > 0 ? normalCdfOf(dist.mean, dist.std) : undefined;
    case 'truncated-normal':
      return dist.std > 0
        ? truncatedNormalCdf(dist.mean, dist.std, dist.lower, dist.upper)
        : undefined;
    default:
      return undefined;
  }
}

/** The std of one element of `dist`, from its closed form. */
export function distributionStdOf(dist: Distribution): number {
  switch (dist.kind) {
    case 'uniform':
      return (dist.high - dist.low) / Math.sqrt(12);
    case 'normal':
      return dist.std;
    case 'truncated-normal':
      return (
        dist.std *
        (dist.lower === -2 && dist.upper === 2
          ? TRUNCATED_STD_2
          : truncatedNormalStd(dist.lower, dist.upper))
      );
    default:
      return 0;
  }
}

/** What one layout case gave, for a test to assert on. */
export interface ConformanceResult {
  readonly name: string;
  readonly expected: Distribution;
  readonly described: Distribution;
  readonly expectedStd: number;
  readonly targetStd: number;
  /** KS p-value against the expected CDF; NaN for point masses. */
  readonly pValue: number;
  /** For point masses: elements that differ from the expected value. */
  readonly mismatches: number;
}

/** The spec of a layout case. */
export function caseSpec(c: LayoutCase, key = `w/${c.name}`): WeightSpec {
  return { shape: c.shape, layout: c.layout, group: c.group, key };
}

/**
 * Fills every layout case with `initializer` (seed fixed) and compares it
 * with `expected(fans)`, a distribution the test writes from the paper's
 * formula and the hand-computed fans of the case.
 */
export function conformance(
  initializer: Initializer,
  expected: (fans: Fans) => Distribution,
  seed = 20141213,
  cases: readonly LayoutCase[] = LAYOUT_CASES,
): ConformanceResult[] {
  return cases.map((c) => {
    // A key per scheme and case, so schemes are not tested on one stream.
    const spec = caseSpec(c, `${initializer.scheme}/${c.name}`);
    const want = expected(c.fans);
    const size = c.shape.reduce((a, b) => a * b, 1);
    const values = new Float64Array(size);
    initializer.fill(spec, seed, values);
    const cdf = distributionCdf(want);
    const point =
      want.kind === 'constant'
        ? want.value
        : want.kind === 'normal' || want.kind === 'truncated-normal'
          ? want.mean
          : want.kind === 'uniform'
            ? want.low
            : NaN;
    return {
      name: c.name,
      expected: want,
      described: initializer.describe(spec),
      expectedStd: distributionStdOf(want),
      targetStd: initializer.targetStd(spec),
      pValue: cdf === undefined ? NaN : ksTest(values, cdf).pValue,
      mismatches:
        cdf === undefined ? values.filter((v) => v !== point).length : 0,
    };
  });
}

/**
 * True when two distributions agree to a relative tolerance: the same
 * keys on both sides (a key only one side has is a difference) and equal
 * values.
 */
export function sameDistribution(
  a: Distribution,
  b: Distribution,
  tolerance = 1e-12,
): boolean {
  if (a.kind !== b.kind) return false;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].every((k) => {
    if (!(k in x) || !(k in y)) return false;
    const u = x[k];
    const v = y[k];
    if (typeof u === 'number' && typeof v === 'number') {
      return Math.abs(u - v) <= tolerance * Math.max(1, Math.abs(u));
    }
    return u === v;
  });
}

/**
 * Chunk sizes, 200,003 in all, that cross the kernels' 65,536-element
 * scratch buffer at odd offsets.
 */
export const CHUNKS: readonly number[] = [1, 65_535, 65_537, 3, 40_000, 28_927];

/**
 * Fills `out` with consecutive chunks of `initializer`'s weight, each from
 * its own `fill` call with its start; returns the elements filled.
 */
export function fillInChunks(
  initializer: Initializer,
  spec: WeightSpec,
  seed: Seed,
  out: FloatArray,
  chunks: readonly number[] = CHUNKS,
): number {
  let at = 0;
  for (const n of chunks) {
    initializer.fill(spec, seed, out.subarray(at, at + n), at);
    at += n;
  }
  return at;
}

/** The KS level every scheme test uses (fixed seed 20141213). */
export const KS_LEVEL = 1e-3;
