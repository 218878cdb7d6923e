import type { Fans, Layout } from './types.js';

/** Every layout, in the order errors list them. */
export const LAYOUTS: readonly Layout[] = [
  'OIHW',
  'IOHW',
  'HWIO',
  'HWCM',
  'OI',
  'IO',
  'bias',
];

const KERNEL_LAYOUTS: readonly Layout[] = ['OIHW', 'IOHW', 'HWIO', 'HWCM'];

/** Layouts whose weights have groups; `group` must be 1 for the others. */
const GROUPED_LAYOUTS: readonly Layout[] = ['OIHW', 'IOHW', 'HWIO'];

/**
 * Throws unless `layout` is one of `LAYOUTS`: layouts from JS or JSON are
 * checked before anything reads the shape through them.
 */
export function checkLayout(where: string, layout: unknown): Layout {
  if (!LAYOUTS.includes(layout as Layout)) {
    const shown = typeof layout === 'string' ? `'${layout}'` : String(layout);
    throw new RangeError(
      `${where}: layout must be one of ${LAYOUTS.join(', ')}; got ${shown}`,
    );
  }
  return layout as Layout;
}

/**
 * Fan-in and fan-out of a weight of the given shape and layout.
 *
 * Fans count connections per unit: fan-in is how many inputs feed one
 * output unit, fan-out how many outputs one input unit feeds; both include
 * the receptive field (the product of the kernel's spatial sizes). Grouped
 * and depthwise kernels connect each unit to its own group only:
 *
 * | layout | shape                    | fanIn            | fanOut           |
 * | ------ | ------------------------ | ---------------- | ---------------- |
 * | OIHW   | [O, I/g, k...]           | I/g * rf         | O/g * rf         |
 * | IOHW   | [I, O/g, k...]           | I/g * rf         | O/g * rf         |
 * | HWIO   | [k..., I/g, O]           | I/g * rf         | O/g * rf         |
 * | HWCM   | [k..., C, M] (depthwise) | rf               | M * rf           |
 * | OI     | [out, in]                | in               | out              |
 * | IO     | [in, out]                | in               | out              |
 *
 * HWIO with group g is a Keras grouped Conv (`groups = g`), whose kernel
 * holds C_in / g inputs per output channel. Groups mean nothing for OI,
 * IO, HWCM (depthwise already) and bias: a group other than 1 is an error.
 *
 * PyTorch's `_calculate_fan_in_and_fan_out` ignores groups in fan-out and
 * reads ConvTranspose weights as if they were Conv weights; these fans are
 * the connection counts of the layer the weight actually belongs to.
 */
export function computeFans(
  shape: readonly number[],
  layout: Layout,
  group = 1,
): Fans {
  checkLayout('computeFans', layout);
  checkShape(shape, layout);
  if (!Number.isInteger(group) || group < 1) {
    throw new RangeError(
      `computeFans: group must be an integer >= 1; got ${group}`,
    );
  }
  if (group !== 1 && !GROUPED_LAYOUTS.includes(layout)) {
    throw new RangeError(
      `computeFans: group must be 1 for layout ${layout} (groups apply to ` +
        `${GROUPED_LAYOUTS.join(', ')} only); got ${group}`,
    );
  }
  const rank = shape.length;
  const dims = shape as number[];
  switch (layout) {
    case 'OI':
      return { fanIn: dims[1]!, fanOut: dims[0]!, receptiveField: 1 };
    case 'IO':
      return { fanIn: dims[0]!, fanOut: dims[1]!, receptiveField: 1 };
    case 'OIHW': {
      const rf = product(dims.slice(2));
      checkGroups(dims[0]!, group, 'C_out (axis 0)');
      return {
        fanIn: dims[1]! * rf,
        fanOut: (dims[0]! / group) * rf,
        receptiveField: rf,
      };
    }
    case 'IOHW': {
      const rf = product(dims.slice(2));
      checkGroups(dims[0]!, group, 'C_in (axis 0)');
      return {
        fanIn: (dims[0]! / group) * rf,
        fanOut: dims[1]! * rf,
        receptiveField: rf,
      };
    }
    case 'HWIO': {
      const rf = product(dims.slice(0, rank - 2));
      checkGroups(dims[rank - 1]!, group, 'C_out (last axis)');
      return {
        fanIn: dims[rank - 2]! * rf,
        fanOut: (dims[rank - 1]! / group) * rf,
        receptiveField: rf,
      };
    }
    case 'HWCM': {
      const rf = product(dims.slice(0, rank - 2));
      return { fanIn: rf, fanOut: dims[rank - 1]! * rf, receptiveField: rf };
    }
    case 'bias':
      throw new RangeError(
        'computeFans: a bias has no fans of its own; ' +
          'pass the fans of its layer',
      );
  }
}

/**
 * The axis that indexes output units, used to flatten a weight into an
 * [outputs, inputs * receptiveField] matrix (orthogonal schemes). For
 * depthwise kernels the outputs are C * M and span two axes; this returns
 * the last one.
 */
export function outputAxis(layout: Layout, rank: number): number {
  checkLayout('outputAxis', layout);
  switch (layout) {
    case 'OIHW':
    case 'OI':
    case 'bias':
      return 0;
    case 'IOHW':
      return 1;
    case 'IO':
    case 'HWIO':
    case 'HWCM':
      return rank - 1;
  }
}

function checkShape(shape: readonly number[], layout: Layout): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(
        `computeFans: shape must hold integers >= 0; ` +
          `got [${shape.join(', ')}]`,
      );
    }
  }
  const wantsKernel = KERNEL_LAYOUTS.includes(layout);
  const ok = wantsKernel
    ? shape.length >= 3
    : layout === 'bias'
      ? shape.length === 1
      : shape.length === 2;
  if (!ok) {
    const want = wantsKernel
      ? 'rank >= 3'
      : layout === 'bias'
        ? 'rank 1'
        : 'rank 2';
    throw new RangeError(
      `computeFans: a ${layout} weight must have ${want}; ` +
        `got shape [${shape.join(', ')}]`,
    );
  }
}

function checkGroups(channels: number, group: number, axis: string): void {
  if (channels % group !== 0) {
    throw new RangeError(
      `computeFans: ${axis} must be divisible by group ${group}; ` +
        `got ${channels}`,
    );
  }
}

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
