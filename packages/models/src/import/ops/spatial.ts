/**
 * Window geometry of Conv, MaxPool and AveragePool in ONNX's terms: the
 * explicit padding before and after each spatial axis, from `pads` or
 * `auto_pad`, plus (for ceil_mode) the extra padding after that makes the
 * last, partial window fit.
 */
import type { OnnxNode } from '../node.js';
import { notImplemented } from '../support.js';

export interface Window {
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  /** auto_pad: NOTSET, SAME_UPPER, SAME_LOWER or VALID. */
  readonly autoPad: string;
  /** The `pads` attribute: begins then ends. */
  readonly pads: readonly number[];
  readonly ceilMode: boolean;
}

export interface Padding {
  /** Explicit padding before each spatial axis. */
  readonly begin: number[];
  /** Explicit padding after each spatial axis. */
  readonly end: number[];
  /** Padding beyond `end` that ceil_mode adds; never counted by averages. */
  readonly extra: number[];
}

export const ONLY_2D = 'Only 2-D (NCHW) inputs are implemented.';

/** Reads the window attributes; kernel from `kernel_shape` or the weight. */
export function readWindow(
  node: OnnxNode,
  kernelShape: readonly number[] | undefined,
): Window {
  const kernel = node.ints('kernel_shape') ?? kernelShape;
  if (kernel === undefined) {
    throw node.invalid('kernel_shape', 'be given', null);
  }
  if (kernel.length !== 2) throw notImplemented(node, ONLY_2D);
  const strides = node.ints('strides') ?? [1, 1];
  const dilations = node.ints('dilations') ?? [1, 1];
  const pads = node.ints('pads') ?? [0, 0, 0, 0];
  const autoPad = node.string('auto_pad', 'NOTSET');
  const allowed = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'];
  if (!allowed.includes(autoPad)) {
    throw node.invalid('auto_pad', `be one of ${allowed.join(', ')}`, autoPad);
  }
  const ceilMode = node.int('ceil_mode', 0) === 1;
  return { kernel, strides, dilations, autoPad, pads, ceilMode };
}

/** The padding of a window over spatial sizes `size`. */
export function padding(w: Window, size: readonly number[]): Padding {
  const begin: number[] = [];
  const end: number[] = [];
  const extra: number[] = [];
  for (let i = 0; i < size.length; i++) {
    const n = size[i] ?? 0;
    const s = w.strides[i] ?? 1;
    const span = ((w.kernel[i] ?? 1) - 1) * (w.dilations[i] ?? 1) + 1;
    let b = 0;
    let e = 0;
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') {
      const total = Math.max((Math.ceil(n / s) - 1) * s + span - n, 0);
      const small = Math.floor(total / 2);
      b = w.autoPad === 'SAME_UPPER' ? small : total - small;
      e = total - b;
    } else if (w.autoPad === 'NOTSET') {
      b = w.pads[i] ?? 0;
      e = w.pads[i + size.length] ?? 0;
    }
    let x = 0;
    if (w.ceilMode) {
      let out = Math.ceil((n + b + e - span) / s) + 1;
      // The last window must start inside the input or its left padding.
      if ((out - 1) * s >= n + b) out--;
      x = Math.max((out - 1) * s + span - (n + b + e), 0);
    }
    begin.push(b);
    end.push(e);
    extra.push(x);
  }
  return { begin, end, extra };
}
