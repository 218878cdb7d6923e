import { checkLayout, computeFans, outputAxis } from '../fans.js';
import { randomOrthogonal } from '../linalg/random-orthogonal.js';
import { warnOnce, warnZeroSize } from './common.js';
import { resolveOptions } from './options.js';
import type {
  FloatArray,
  Initializer,
  Layout,
  Scheme,
  SchemeOption,
  Seed,
  WeightSpec,
} from '../types.js';

const LAYOUTS: readonly Layout[] = ['OIHW', 'IOHW', 'HWIO', 'OI', 'IO'];

/** Above this many QR flops (about 4096 x 4096), warn once. */
const SLOW_FLOPS = 1e11;

/**
 * A weight seen as the matrix the orthogonal schemes work on: `rows`
 * output units (axis `axis` of the shape), `cols` = the product of all
 * other axes in their own order. Element (r, c) of the matrix, with
 * c = p * post + s, is element (p * rows + r) * post + s of the tensor,
 * where post is the product of the axes after `axis`.
 */
export interface UnitMatrixView {
  readonly rows: number;
  readonly cols: number;
  readonly post: number;
}

/** Validates a spec for the orthogonal schemes and returns its matrix. */
export function unitMatrixView(
  where: string,
  spec: WeightSpec,
): UnitMatrixView {
  const { shape, layout } = spec;
  if (!LAYOUTS.includes(checkLayout(where, layout))) {
    throw new RangeError(
      `${where}: layout must be one of ${LAYOUTS.join(', ')}; ` +
        `got ${layout}`,
    );
  }
  if (shape.length < 2) {
    throw new RangeError(
      `${where}: shape must have rank >= 2; got [${shape.join(', ')}]`,
    );
  }
  computeFans(shape, layout);
  const axis = outputAxis(layout, shape.length);
  const rows = shape[axis]!;
  const post = shape.slice(axis + 1).reduce((x, y) => x * y, 1);
  const size = shape.reduce((x, y) => x * y, 1);
  return { rows, cols: rows === 0 ? 0 : size / rows, post };
}

/** Copies a row-major [rows, cols] matrix into its tensor positions. */
export function scatterRows(
  matrix: FloatArray,
  view: UnitMatrixView,
  out: FloatArray,
): void {
  const { rows, cols, post } = view;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const s = c % post;
      const p = (c - s) / post;
      out[(p * rows + r) * post + s] = matrix[r * cols + c]!;
    }
  }
}

/** Checks that a non-elementwise fill covers the whole weight. */
export function checkWholeFill(
  where: string,
  spec: WeightSpec,
  out: FloatArray,
  start: number,
): void {
  const size = spec.shape.reduce((x, y) => x * y, 1);
  if (start !== 0 || out.length !== size) {
    throw new RangeError(
      `${where}: fill must cover the whole weight (start 0, ` +
        `length ${size}); got start ${start}, length ${out.length}`,
    );
  }
}

/** The `gain` option of the orthogonal schemes. */
export const GAIN_OPTION: SchemeOption = {
  name: 'gain',
  type: 'number',
  description: 'Scale of the orthogonal matrix',
  default: 1,
};

/** Reads the `gain` option: a finite number, default 1. */
export function readGain(
  where: string,
  options: Readonly<Record<string, unknown>> | undefined,
): number {
  return resolveOptions(where, [GAIN_OPTION], options)['gain'] as number;
}

/**
 * Fills `out` with gain * W in the weight's own layout, W a Haar-random
 * matrix with orthonormal rows or columns (see `randomOrthogonal`).
 */
export function fillOrthogonal(
  where: string,
  spec: WeightSpec,
  seed: Seed,
  out: FloatArray,
  start: number,
  gain: number,
): void {
  const view = unitMatrixView(where, spec);
  checkWholeFill(where, spec, out, start);
  if (out.length === 0) {
    warnZeroSize(where, spec.shape);
    return;
  }
  const { rows, cols, post } = view;
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const flops = 4 * n * n * (m - n / 3);
  if (flops > SLOW_FLOPS) {
    warnOnce(
      `${where}: slow`,
      `${where}: a ${rows} x ${cols} orthogonal matrix needs a QR of ` +
        `about ${(flops / 1e9).toFixed(0)} GFLOP; this takes seconds to ` +
        `minutes (warned once)`,
    );
  }

  if (post * rows === out.length) {
    // Output units on the leading axis: the matrix is the tensor.
    randomOrthogonal(rows, cols, seed, spec.key, out, gain);
    return;
  }
  const matrix = new Float64Array(out.length);
  randomOrthogonal(rows, cols, seed, spec.key, matrix, gain);
  scatterRows(matrix, view, out);
}

/**
 * Orthogonal: the weight, seen as a matrix [outputs, inputs *
 * receptiveField], is gain times a random matrix with orthonormal rows
 * (outputs <= inputs) or orthonormal columns (outputs > inputs),
 * distributed uniformly (Haar) over such matrices, so a deep linear
 * network starts with all singular values equal to gain.
 *
 * Construction: G[r, c] ~ N(0, 1) drawn from RandomStream(seed, key) in
 * row-major order of the matrix; Q R = G (or G^T when rows < cols) by
 * blocked Householder QR in f64; the sign fix diag(sign(diag(R))) makes Q
 * Haar-distributed (Mezzadri 2007), not biased by the QR's sign choice.
 * Not elementwise: fill the whole weight at once. A zero-size weight
 * warns once and is left empty.
 *
 * Citation: Saxe, McClelland and Ganguli 2014, Exact solutions to the
 * nonlinear dynamics of learning in deep linear neural networks (ICLR,
 * arXiv 1312.6120).
 * Formula: W = gain * Q diag(sign(diag(R))), Q R = G, G ~ N(0, 1);
 * element std = gain / sqrt(max(rows, cols)).
 * Aliases: `saxe`, `orthogonal_` (torch.nn.init.orthogonal_, tf.keras
 * Orthogonal).
 * Parameters: gain (default 1).
 *
 * @example
 * const init = createInitializer('orthogonal', { gain: Math.SQRT2 });
 * const w = new Float32Array(256 * 128);
 * init.fill({ shape: [256, 128], layout: 'OI', key: 'fc1.weight' }, 0, w);
 */
export const orthogonal: Scheme = {
  name: 'orthogonal',
  aliases: ['saxe', 'orthogonal_'],
  summary: 'Gain times a Haar-random matrix with orthonormal rows or columns',
  formula: 'W = gain * Q diag(sign(diag(R))), Q R = G, G ~ N(0, 1)',
  citation:
    'Saxe, McClelland, Ganguli (2013), Exact solutions to the nonlinear ' +
    'dynamics of learning in deep linear neural networks, arXiv 1312.6120',
  options: [GAIN_OPTION],
  create(options): Initializer {
    const gain = readGain('orthogonal', options);
    return {
      scheme: 'orthogonal',
      elementwise: false,
      describe(spec) {
        unitMatrixView('orthogonal', spec);
        return { kind: 'orthogonal', gain };
      },
      targetStd(spec) {
        const { rows, cols } = unitMatrixView('orthogonal', spec);
        return Math.abs(gain) / Math.sqrt(Math.max(rows, cols, 1));
      },
      fill(spec, seed, out, start = 0) {
        fillOrthogonal('orthogonal', spec, seed, out, start, gain);
      },
    };
  },
};
