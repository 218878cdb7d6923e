import { checkLayout, outputAxis } from '../fans.js';
import { randomOrthogonal } from '../linalg/random-orthogonal.js';
import type { Initializer, Layout, Scheme, WeightSpec } from '../types.js';
import { warnZeroSize } from './common.js';
import { checkWholeFill, GAIN_OPTION, readGain } from './orthogonal.js';

const WHERE = 'delta-orthogonal';

const KERNEL_LAYOUTS: readonly Layout[] = ['OIHW', 'IOHW', 'HWIO'];

/** Channels and spatial sizes of a conv kernel in one of KERNEL_LAYOUTS. */
interface KernelView {
  readonly outputs: number;
  readonly inputs: number;
  readonly spatial: readonly number[];
}

function kernelView(spec: WeightSpec): KernelView {
  const { shape, layout } = spec;
  if (!KERNEL_LAYOUTS.includes(checkLayout(WHERE, layout))) {
    throw new RangeError(
      `${WHERE}: layout must be one of ${KERNEL_LAYOUTS.join(', ')}; ` +
        `got ${layout}`,
    );
  }
  if (shape.length < 3) {
    throw new RangeError(
      `${WHERE}: a ${layout} kernel must have rank >= 3; ` +
        `got shape [${shape.join(', ')}]`,
    );
  }
  const rank = shape.length;
  const spatial = layout === 'HWIO' ? shape.slice(0, rank - 2) : shape.slice(2);
  if (spatial.some((k) => k % 2 === 0)) {
    throw new RangeError(
      `${WHERE}: kernel spatial sizes must be odd (a centre tap); ` +
        `got [${spatial.join(', ')}]`,
    );
  }
  const out = outputAxis(layout, rank);
  const inputs = layout === 'HWIO' ? shape[rank - 2]! : shape[1 - out]!;
  return { outputs: shape[out]!, inputs, spatial };
}

/** Row-major offset of (output o, input i) at the kernel's centre tap. */
function centreOffset(
  layout: Layout,
  view: KernelView,
): (o: number, i: number) => number {
  const { outputs, inputs, spatial } = view;
  const rf = spatial.reduce((a, b) => a * b, 1);
  // The centre of a row-major [k1, ..., kn] grid of odd sizes is its
  // middle element.
  const centre = (rf - 1) / 2;
  switch (layout) {
    case 'HWIO':
      return (o, i) => (centre * inputs + i) * outputs + o;
    case 'IOHW':
      return (o, i) => (i * outputs + o) * rf + centre;
    default:
      return (o, i) => (o * inputs + i) * rf + centre;
  }
}

/**
 * Delta-orthogonal: every spatial tap of a convolution kernel is zero
 * except the centre one, which holds gain times a Haar-random [outputs,
 * inputs] matrix with orthonormal columns, so the convolution acts on
 * each pixel as an orthogonal map and the network's input-output Jacobian
 * is an isometry at initialisation.
 *
 * The paper requires outputs >= inputs (H then has orthonormal columns);
 * with outputs < inputs H is the semi-orthogonal matrix with orthonormal
 * rows, isometric on its row space only. Even spatial sizes have no
 * centre tap and are an error. Grouped kernels use their per-group
 * [outputs, inputs / group] shape as is. Not elementwise: fill the whole
 * weight at once. A zero-size kernel warns once and is left empty.
 *
 * Citation: Xiao, Bahri, Sohl-Dickstein, Schoenholz and Pennington 2018,
 * Dynamical isometry and a mean field theory of CNNs: how to train
 * 10,000-layer vanilla convolutional neural networks (ICML, arXiv
 * 1806.05393), Algorithm 2.
 * Formula: W[o, i, centre] = gain * H[o, i], H the `orthogonal` scheme's
 * [outputs, inputs] matrix for (seed, key); 0 at every other tap;
 * element std = gain / sqrt(max(outputs, inputs) * receptiveField).
 * Aliases: `convolution-delta-orthogonal` (tf.keras
 * ConvolutionDeltaOrthogonal).
 * Parameters: gain (default 1).
 *
 * @example
 * const init = createInitializer('delta-orthogonal', { gain: 1 });
 * const w = new Float32Array(64 * 64 * 3 * 3);
 * init.fill({ shape: [64, 64, 3, 3], layout: 'OIHW', key: 'conv2' }, 0, w);
 */
export const deltaOrthogonal: Scheme = {
  name: 'delta-orthogonal',
  aliases: ['convolution-delta-orthogonal'],
  summary:
    'Orthogonal matrix at the centre tap of a conv kernel, zeros elsewhere',
  formula:
    'W[:, :, centre] = gain * H, H Haar-orthogonal [out, in]; 0 elsewhere',
  citation:
    'Xiao, Bahri, Sohl-Dickstein, Schoenholz, Pennington (2018), ' +
    'Dynamical isometry and a mean field theory of CNNs, arXiv 1806.05393',
  options: [GAIN_OPTION],
  create(options): Initializer {
    const gain = readGain(WHERE, options);
    return {
      scheme: WHERE,
      elementwise: false,
      describe(spec) {
        kernelView(spec);
        return {
          kind: 'other',
          description:
            `delta-orthogonal: gain ${gain} orthogonal matrix at the ` +
            `centre tap, zeros elsewhere`,
        };
      },
      targetStd(spec) {
        const { outputs, inputs, spatial } = kernelView(spec);
        const rf = spatial.reduce((a, b) => a * b, 1);
        return Math.abs(gain) / Math.sqrt(Math.max(outputs, inputs, 1) * rf);
      },
      fill(spec, seed, out, start = 0) {
        const view = kernelView(spec);
        checkWholeFill(WHERE, spec, out, start);
        out.fill(0);
        if (out.length === 0) {
          warnZeroSize(WHERE, spec.shape);
          return;
        }
        const { outputs, inputs } = view;
        const h = new Float64Array(outputs * inputs);
        randomOrthogonal(outputs, inputs, seed, spec.key, h, gain);
        const at = centreOffset(spec.layout, view);
        for (let o = 0; o < outputs; o++) {
          for (let i = 0; i < inputs; i++) out[at(o, i)] = h[o * inputs + i]!;
        }
      },
    };
  },
};
