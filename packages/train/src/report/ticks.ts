/** Axis ticks at round numbers, and their labels. */

/** An axis: its ends, the ticks on it and whether it is logarithmic. */
export interface Axis {
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
  readonly log: boolean;
}

/**
 * About `count` ticks at multiples of 1, 2 or 5 times a power of ten,
 * the axis widened to the outer ticks so that the data fills it. A range
 * of one value is widened around it first (a run of one point still
 * gets an axis).
 *
 * @example
 *   linearAxis(0, 1874).ticks; // [0, 500, 1000, 1500, 2000]
 */
export function linearAxis(low: number, high: number, count = 5): Axis {
  let [min, max] = [low, high];
  if (max - min <= Math.abs(max) * 1e-9) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    [min, max] = [min - pad, max + pad];
  }
  const step = niceStep((max - min) / count);
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(clean(k * step));
  return { min: ticks[0]!, max: ticks.at(-1)!, ticks, log: false };
}

/**
 * A logarithmic axis over whole decades, with ticks at each power of ten,
 * and also at 2 and 5 times it when the axis spans three decades or less.
 * `low` must be positive.
 */
export function logAxis(low: number, high: number): Axis {
  const first = Math.floor(Math.log10(low) + 1e-9);
  const last = Math.max(first + 1, Math.ceil(Math.log10(high) - 1e-9));
  const ticks: number[] = [];
  for (let e = first; e <= last; e++) {
    const decade = clean(10 ** e);
    ticks.push(decade);
    if (last - first <= 3 && e < last) {
      ticks.push(clean(2 * decade), clean(5 * decade));
    }
  }
  return { min: ticks[0]!, max: ticks.at(-1)!, ticks, log: true };
}

/** The smallest of 1, 2, 5 times a power of ten that is >= `rough`. */
export function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const mantissa = rough / power;
  const nice = mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * A tick label: as few digits as tell the ticks of `axis` apart; exponent
 * form (`5e-4`) on axes with steps below 1e-3 or values from 1e6 up, and
 * on log axes outside [1e-3, 1e6).
 */
export function tickLabel(value: number, axis: Axis): string {
  if (value === 0) return '0';
  const size = Math.abs(value);
  if (axis.log) {
    return size >= 1e-3 && size < 1e6 ? String(value) : exponent(value);
  }
  const step = axis.ticks.length > 1 ? axis.ticks[1]! - axis.ticks[0]! : 1;
  const largest = Math.max(Math.abs(axis.min), Math.abs(axis.max));
  if (step < 1e-3 || largest >= 1e6) return exponent(value);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(decimals);
}

/** 0.0005 -> 5e-4, 1500000 -> 1.5e6. */
function exponent(value: number): string {
  const [mantissa, power] = clean(value).toExponential().split('e');
  return `${mantissa}e${Number(power)}`;
}

/** 0.30000000000000004 -> 0.3: products of a step and an integer. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}
