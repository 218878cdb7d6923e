import { checkLayout, computeFans } from '../fans.js';
import type { Initializer, Scheme, WeightSpec } from '../types.js';
import { checkRange, warnZeroSize, weightSize } from './common.js';
import { numberOption, resolveOptions } from './options.js';

/**
 * Identity for matrices and the Dirac delta for conv kernels: the layer
 * starts as the identity map (scaled by gain) on the channels it can.
 *
 * OI and IO: ones on the main diagonal (for a non-square matrix, the
 * first min(out, in) diagonal elements, as torch.nn.init.eye_). Kernels:
 * within each group, output channel d of the group takes input channel d
 * at the kernel's centre (index floor(k / 2) of each spatial axis), for
 * d < min(outputs, inputs) per group, as torch.nn.init.dirac_. OIHW is
 * [O, I/g, k...], IOHW [I, O/g, k...], HWIO [k..., I/g, O], HWCM
 * [k..., C, M] (channel c to output (c, 0)).
 *
 * Citation: Le, Jaitly and Hinton 2015 (identity RNNs); Zagoruyko and
 * Komodakis 2017, DiracNets (Dirac kernels).
 * Formula: W[g * n_out + d, d, centre] = gain, 0 elsewhere.
 * Aliases: `dirac`, `eye`.
 * Parameters: gain (default 1).
 *
 * @example createInitializer('identity') // [64, 64, 3, 3] OIHW: Dirac
 */
export const identity: Scheme = {
  name: 'identity',
  aliases: ['dirac', 'eye'],
  summary: 'Identity matrix, or Dirac delta kernel per group (dirac_).',
  formula: 'W[g * n_out + d, d, centre] = gain, 0 elsewhere',
  citation:
    'Le, Jaitly and Hinton 2015, identity init of RNNs; Zagoruyko and ' +
    'Komodakis 2017, DiracNets.',
  options: [
    {
      name: 'gain',
      type: 'number',
      description: 'The value of the ones.',
      default: 1,
    },
  ],
  create(options) {
    const resolved = resolveOptions('identity', this.options, options);
    return identityInitializer(numberOption('identity', resolved, 'gain'));
  },
};

function identityInitializer(gain: number): Initializer {
  const where = 'identity';
  const describe = (spec: WeightSpec) => {
    checkLayout(where, spec.layout);
    const count = diracIndices(spec).length;
    const size = weightSize(where, spec.shape);
    return {
      kind: 'other' as const,
      description:
        `${count} of ${size} elements ${gain} on the identity ` +
        `(Dirac) positions, the rest 0`,
    };
  };
  return {
    scheme: where,
    elementwise: true,
    describe,
    targetStd(spec) {
      checkLayout(where, spec.layout);
      const size = weightSize(where, spec.shape);
      const p = size === 0 ? 0 : diracIndices(spec).length / size;
      return Math.abs(gain) * Math.sqrt(p * (1 - p));
    },
    fill(spec, _seed, out, start = 0) {
      checkLayout(where, spec.layout);
      const size = weightSize(where, spec.shape);
      checkRange(where, size, start, out.length, false);
      if (size === 0) {
        warnZeroSize(where, spec.shape);
        return;
      }
      out.fill(0);
      for (const index of diracIndices(spec)) {
        if (index >= start && index < start + out.length) {
          out[index - start] = gain;
        }
      }
    },
  };
}

/** Row-major flat indices of the identity (Dirac) positions. */
export function diracIndices(spec: WeightSpec): number[] {
  const { shape, layout } = spec;
  const group = spec.group ?? 1;
  if (layout === 'bias') {
    throw new RangeError(
      `identity: spec.layout must be one of OI, IO, OIHW, IOHW, HWIO, ` +
        `HWCM; got bias`,
    );
  }
  computeFans(shape, layout, group);
  const rank = shape.length;
  const dims = shape as number[];
  const centre = (axes: number[]) => axes.map((d) => Math.floor(d / 2));
  let groups = 1;
  let perOut = 0;
  let perIn = 0;
  let at: (g: number, d: number) => number[];
  switch (layout) {
    case 'OI':
    case 'IO':
      perOut = perIn = Math.min(dims[0]!, dims[1]!);
      at = (_g, d) => [d, d];
      break;
    case 'OIHW':
    case 'IOHW': {
      groups = group;
      const k = centre(dims.slice(2));
      perIn = layout === 'OIHW' ? dims[1]! : dims[0]! / group;
      perOut = layout === 'OIHW' ? dims[0]! / group : dims[1]!;
      const lead = layout === 'OIHW' ? perOut : perIn;
      at = (g, d) => [g * lead + d, d, ...k];
      break;
    }
    case 'HWIO': {
      // computeFans has checked that group divides C_out.
      groups = group;
      const k = centre(dims.slice(0, rank - 2));
      perIn = dims[rank - 2]!;
      perOut = dims[rank - 1]! / group;
      at = (g, d) => [...k, d, g * perOut + d];
      break;
    }
    case 'HWCM': {
      groups = dims[rank - 2]!;
      perIn = 1;
      perOut = dims[rank - 1]!;
      const k = centre(dims.slice(0, rank - 2));
      at = (g) => [...k, g, 0];
      break;
    }
  }
  const indices: number[] = [];
  const n = Math.min(perIn, perOut);
  for (let g = 0; g < groups; g++) {
    for (let d = 0; d < n; d++) indices.push(flatIndex(dims, at(g, d)));
  }
  return indices;
}

function flatIndex(dims: readonly number[], coords: readonly number[]) {
  let index = 0;
  for (let axis = 0; axis < dims.length; axis++) {
    index = index * dims[axis]! + coords[axis]!;
  }
  return index;
}
