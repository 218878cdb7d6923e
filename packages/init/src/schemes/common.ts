import { checkLayout, computeFans } from '../fans.js';
import {
  fillNormal,
  fillTruncatedNormal,
  fillUniform,
  truncatedNormalStd,
} from '../random/distributions.js';
import { RandomStream } from '../random/stream.js';
import type {
  Distribution,
  Fans,
  FloatArray,
  Initializer,
  Seed,
  WeightSpec,
} from '../types.js';

/** The number of elements of a shape; checks the dims are integers >= 0. */
export function weightSize(where: string, shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(
        `${where}: spec.shape must hold integers >= 0; ` +
          `got [${shape.join(', ')}]`,
      );
    }
    size *= d;
  }
  return size;
}

/**
 * The fans of a weight: `spec.fans` when given (each an integer >= 0),
 * else computed from its shape, layout and group. A bias has no fans of
 * its own. The layout is checked first.
 */
export function weightFans(where: string, spec: WeightSpec): Fans {
  checkLayout(where, spec.layout);
  if (spec.fans !== undefined) return checkFans(where, spec.fans);
  if (spec.layout === 'bias') {
    throw new TypeError(
      `${where}: spec.fans must be given for a bias (layout 'bias'), ` +
        `the fans of its layer; got undefined`,
    );
  }
  return computeFans(spec.shape, spec.layout, spec.group ?? 1);
}

const FAN_NAMES = ['fanIn', 'fanOut', 'receptiveField'] as const;

/**
 * Throws unless every fan of `fans` is an integer >= 0; `what` names the
 * argument in the error (`spec.fans.fanIn must be ...`).
 */
export function checkFans(where: string, fans: Fans, what = 'spec.fans'): Fans {
  if (typeof fans !== 'object' || fans === null) {
    throw new TypeError(
      `${where}: ${what} must be an object { fanIn, fanOut, ` +
        `receptiveField }; got ${String(fans)}`,
    );
  }
  for (const name of FAN_NAMES) {
    const value: unknown = fans[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new RangeError(
        `${where}: ${what}.${name} must be an integer >= 0; ` +
          `got ${String(value)}`,
      );
    }
    if (value < 0) {
      throw new RangeError(
        `${where}: ${what}.${name} must be an integer >= 0; got ${value}`,
      );
    }
  }
  return fans;
}

/** The std of one element drawn from `dist`; exact for every kind. */
export function distributionStd(where: string, dist: Distribution): number {
  switch (dist.kind) {
    case 'constant':
      return 0;
    case 'uniform':
      // The std of U(low, high) is its width / sqrt(12).
      return (dist.high - dist.low) / Math.sqrt(12);
    case 'normal':
      return dist.std;
    case 'truncated-normal':
      return dist.std * truncatedNormalStd(dist.lower, dist.upper);
    default:
      throw new RangeError(
        `${where}: distribution kind must be constant, uniform, normal or ` +
          `truncated-normal; got ${dist.kind}`,
      );
  }
}

/** Fills [start, start + out.length) of `dist` from the stream. */
export function sample(
  where: string,
  dist: Distribution,
  stream: RandomStream,
  out: FloatArray,
  start: number,
): void {
  switch (dist.kind) {
    case 'constant':
      out.fill(dist.value);
      return;
    case 'uniform':
      fillUniform(stream, out, dist.low, dist.high, start);
      return;
    case 'normal':
      fillNormal(stream, out, dist.mean, dist.std, start);
      return;
    case 'truncated-normal':
      fillTruncatedNormal(
        stream,
        out,
        dist.mean,
        dist.std,
        dist.lower,
        dist.upper,
        start,
      );
      return;
    default:
      throw new RangeError(
        `${where}: distribution kind must be constant, uniform, normal or ` +
          `truncated-normal; got ${dist.kind}`,
      );
  }
}

/**
 * Checks that [start, start + n) lies inside a weight of `size` elements;
 * a whole-weight fill is required when `whole` is set.
 */
export function checkRange(
  where: string,
  size: number,
  start: number,
  n: number,
  whole: boolean,
): void {
  if (!Number.isInteger(start) || start < 0) {
    throw new RangeError(
      `${where}: start must be an integer >= 0; got ${start}`,
    );
  }
  if (start + n > size) {
    throw new RangeError(
      `${where}: [start, start + out.length) must lie in [0, ${size}); ` +
        `got [${start}, ${start + n})`,
    );
  }
  if (whole && (start !== 0 || n !== size)) {
    throw new RangeError(
      `${where}: fill must cover the whole weight (start 0, ` +
        `out.length ${size}); got [${start}, ${start + n})`,
    );
  }
}

const warned = new Set<string>();

/**
 * The package's one warning mechanism: `console.warn(message)` the first
 * time `topic` is seen, nothing after.
 */
export function warnOnce(topic: string, message: string): void {
  if (warned.has(topic)) return;
  warned.add(topic);
  console.warn(message);
}

/** Warns once per scheme that a zero-size weight was filled. */
export function warnZeroSize(where: string, shape: readonly number[]): void {
  warnOnce(
    `${where}: zero-size`,
    `${where}: weight of shape [${shape.join(', ')}] has no elements; ` +
      `nothing to fill (warned once)`,
  );
}

/**
 * An initializer whose every element is drawn independently from the
 * distribution `describe(spec)`, element i from word(s) i of the stream
 * (seed, spec.key): any range fills exactly as the whole weight does.
 * Zero-size weights are filled without computing fans.
 */
export function elementwiseInitializer(
  scheme: string,
  describe: (spec: WeightSpec) => Distribution,
): Initializer {
  return {
    scheme,
    elementwise: true,
    describe(spec) {
      checkLayout(scheme, spec.layout);
      return describe(spec);
    },
    targetStd(spec) {
      checkLayout(scheme, spec.layout);
      return distributionStd(scheme, describe(spec));
    },
    fill(spec: WeightSpec, seed: Seed, out: FloatArray, start = 0): void {
      checkLayout(scheme, spec.layout);
      const size = weightSize(scheme, spec.shape);
      checkRange(scheme, size, start, out.length, false);
      if (size === 0) {
        warnZeroSize(scheme, spec.shape);
        return;
      }
      if (out.length === 0) return;
      const dist = describe(spec);
      sample(scheme, dist, new RandomStream(seed, spec.key), out, start);
    },
  };
}
