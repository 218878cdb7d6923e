import { checkLayout, computeFans } from '../fans.js';
import type { Initializer, Scheme, WeightSpec } from '../types.js';
import { fillNormal } from '../random/distributions.js';
import { RandomStream } from '../random/stream.js';
import { checkRange, warnZeroSize, weightFans, weightSize } from './common.js';
import { numberOption, resolveOptions } from './options.js';

/**
 * Martens' sparse initialization: each output unit gets exactly k nonzero
 * incoming weights, drawn from N(0, std^2); all its other incoming
 * weights are 0. Units with fan_in <= k get all fan_in weights nonzero.
 *
 * torch.nn.init.sparse_'s `sparsity` is different: the fraction of zeros
 * per column of a 2-D matrix. Here the count k is the option, as Martens
 * (k = 15), because it keeps the total input of a unit at the same scale
 * whatever the layer's width. Incoming weights are those fan_in counts:
 * for grouped and depthwise kernels, those of the unit's own group.
 *
 * Values: element i is element i of N(0, std^2) from the stream (seed,
 * key), kept or zeroed; the k positions of each unit are a partial
 * Fisher-Yates shuffle driven by the stream (seed, key + '#sparse').
 * Not elementwise: fill the whole weight at once.
 *
 * Citation: Martens 2010, Deep learning via Hessian-free optimization.
 * Formula: k of fan_in incoming weights ~ N(0, std^2), the rest 0;
 * element std = std * sqrt(k / fan_in).
 * Aliases: `martens`.
 * Parameters: k (default 15, integer >= 0), std (default 1, >= 0).
 *
 * @example createInitializer('sparse', { k: 15, std: 1 })
 */
export const sparse: Scheme = {
  name: 'sparse',
  aliases: ['martens'],
  summary: 'Each output unit has exactly k nonzero N(0, std) inputs.',
  formula: 'k of fan_in incoming weights ~ N(0, std^2), the rest 0',
  citation: 'Martens 2010, Deep learning via Hessian-free optimization.',
  options: [
    {
      name: 'k',
      type: 'number',
      description: 'Nonzero incoming weights per output unit (integer).',
      default: 15,
    },
    {
      name: 'std',
      type: 'number',
      description: 'Std of the nonzero weights, >= 0.',
      default: 1,
    },
  ],
  create(options) {
    const resolved = resolveOptions('sparse', this.options, options);
    const k = numberOption('sparse', resolved, 'k', 0);
    if (!Number.isInteger(k)) {
      throw new RangeError(`sparse: option k must be an integer; got ${k}`);
    }
    return sparseInitializer(k, numberOption('sparse', resolved, 'std', 0));
  },
};

function sparseInitializer(k: number, std: number): Initializer {
  const where = 'sparse';
  // Incoming weights are counted from the shape, never from spec.fans.
  const fanInOf = (spec: WeightSpec) => {
    checkWeightLayout(spec);
    return weightFans(where, { ...spec, fans: undefined }).fanIn;
  };
  const kept = (spec: WeightSpec) => Math.min(k, fanInOf(spec));
  return {
    scheme: where,
    elementwise: false,
    describe: (spec) => ({
      kind: 'other',
      description:
        `each output unit: ${kept(spec)} of its ` +
        `${fanInOf(spec)} incoming weights ~ N(0, ${std}^2), ` +
        `the rest 0`,
    }),
    targetStd(spec) {
      const fanIn = fanInOf(spec);
      return fanIn === 0 ? 0 : std * Math.sqrt(kept(spec) / fanIn);
    },
    fill(spec, seed, out, start = 0) {
      checkWeightLayout(spec);
      const size = weightSize(where, spec.shape);
      checkRange(where, size, start, out.length, true);
      if (size === 0) {
        warnZeroSize(where, spec.shape);
        return;
      }
      const units = incomingByUnit(spec);
      fillNormal(new RandomStream(seed, spec.key), out, 0, std);
      const mask = new Uint8Array(size);
      const select = new RandomStream(seed, `${spec.key}#sparse`);
      const fanIn = units[0]!.length;
      const count = kept(spec);
      const words = new Uint32Array(count);
      for (let u = 0; u < units.length; u++) {
        const members = units[u]!;
        select.words(words, u * count);
        for (let j = 0; j < count; j++) {
          // 32-bit words: the bias of floor(w / 2^32 * m) is < m / 2^32.
          const pick = j + Math.floor((words[j]! / 2 ** 32) * (fanIn - j));
          const chosen = members[pick]!;
          members[pick] = members[j]!;
          members[j] = chosen;
          mask[chosen] = 1;
        }
      }
      for (let i = 0; i < size; i++) if (mask[i] === 0) out[i] = 0;
    },
  };
}

/**
 * Throws unless the layout is known and not `bias`: sparse keeps k of a
 * unit's incoming weights, and a bias has none (spec.fans or not).
 */
function checkWeightLayout(spec: WeightSpec): void {
  checkLayout('sparse', spec.layout);
  if (spec.layout === 'bias') {
    throw new RangeError(
      'sparse: spec.layout must be one of OI, IO, OIHW, IOHW, HWIO, HWCM ' +
        '(sparse refuses biases: a bias has no incoming weights); got bias',
    );
  }
}

/** For each output unit, the flat indices of its incoming weights. */
export function incomingByUnit(spec: WeightSpec): Int32Array[] {
  checkWeightLayout(spec);
  const fanIn = computeFans(spec.shape, spec.layout, spec.group ?? 1).fanIn;
  const dims = spec.shape;
  const rank = dims.length;
  const size = weightSize('sparse', dims);
  const group = spec.group ?? 1;
  const inner = size / (dims[0]! * (rank > 1 ? dims[1]! : 1));
  const unitOf = (i: number): number => {
    switch (spec.layout) {
      case 'OI':
      case 'OIHW':
        return Math.floor(i / (size / dims[0]!));
      case 'IO':
      case 'HWIO':
        return i % dims[rank - 1]!;
      case 'HWCM':
        return i % (dims[rank - 2]! * dims[rank - 1]!);
      default: {
        // IOHW [I, O/g, k...]: input channel c feeds group floor(c / ipg).
        const c = Math.floor(i / (dims[1]! * inner));
        const j = Math.floor(i / inner) % dims[1]!;
        return Math.floor(c / (dims[0]! / group)) * dims[1]! + j;
      }
    }
  };
  const unitCount = size / fanIn;
  const units = Array.from({ length: unitCount }, () => new Int32Array(fanIn));
  const filled = new Int32Array(unitCount);
  for (let i = 0; i < size; i++) {
    const u = unitOf(i);
    units[u]![filled[u]!++] = i;
  }
  return units;
}
