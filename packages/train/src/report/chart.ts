/** Line charts as inline SVG: axes, ticks, gridlines, a legend. */
import { escapeHtml } from './escape.js';
import { linearAxis, logAxis, tickLabel, type Axis } from './ticks.js';

/** One line of a chart. */
export interface Series {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  /**
   * Circles at the points too, for sparse series such as evaluations:
   * filled, or hollow on a dashed line.
   */
  readonly markers?: boolean;
  readonly points: readonly (readonly [number, number])[];
}

/** One legend item: a short line in the series' colour and dash. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
}

export interface ChartOptions {
  /** Read by screen readers; the page shows its own heading. */
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Defaults to one entry per series. */
  readonly legend?: readonly LegendEntry[];
  /** `auto`: log when all values are positive and span over 2 decades. */
  readonly logY?: boolean | 'auto';
  /** The y axis never leaves these bounds (accuracies: [0, 1]). */
  readonly yBounds?: readonly [number, number];
  readonly yFormat?: (value: number, axis: Axis) => string;
}

const WIDTH = 760;
/** The plot's height; the legend's rows come on top of it. */
const PLOT_HEIGHT = 236;
const LEFT = 64;
const RIGHT = WIDTH - 16;
/** Legend text is sized by this average glyph width (12px sans-serif). */
const GLYPH = 7;

/**
 * An `<svg>` element: the series as polylines (points with a non-finite
 * coordinate, or a y <= 0 on a log axis, are left out), x from 0 (or
 * the smallest x, if negative) to the largest x of all series.
 */
export function lineChart(options: ChartOptions): string {
  const legend = options.legend ?? options.series;
  const { svg: legendSvg, height: legendHeight } = legendRows(legend);
  const top = 12 + legendHeight + 8;
  const bottom = top + PLOT_HEIGHT;
  const height = bottom + 44;
  const xs = options.series.flatMap((s) => s.points.map((p) => p[0]));
  // Steps count from 0: the x axis starts there.
  const [xLow, xHigh] = extent(xs.filter(Number.isFinite));
  const x = linearAxis(Math.min(0, xLow), xHigh, 6);
  const y = yAxis(options);
  const keep = (v: number): boolean => Number.isFinite(v) && (!y.log || v > 0);
  const px = (v: number): number =>
    LEFT + ((v - x.min) / (x.max - x.min)) * (RIGHT - LEFT);
  const py = (v: number): number => {
    const [a, b, c] = y.log
      ? [Math.log10(v), Math.log10(y.min), Math.log10(y.max)]
      : [v, y.min, y.max];
    return bottom - ((a - b) / (c - b)) * (bottom - top);
  };
  const format = options.yFormat ?? tickLabel;
  const parts: string[] = [
    `<svg viewBox="0 0 ${WIDTH} ${height}" role="img" class="chart">`,
    `<title>${escapeHtml(options.title)}</title>`,
    legendSvg,
  ];

  for (const t of x.ticks) {
    const at = px(t).toFixed(1);
    parts.push(
      `<line class="grid" x1="${at}" y1="${top}" x2="${at}" y2="${bottom}"/>`,
      `<text class="tick" x="${at}" y="${bottom + 16}" ` +
        `text-anchor="middle">${tickLabel(t, x)}</text>`,
    );
  }
  for (const t of y.ticks) {
    const at = py(t).toFixed(1);
    parts.push(
      `<line class="grid" x1="${LEFT}" y1="${at}" x2="${RIGHT}" y2="${at}"/>`,
      `<text class="tick" x="${LEFT - 6}" y="${at}" text-anchor="end" ` +
        `dominant-baseline="middle">${escapeHtml(format(t, y))}</text>`,
    );
  }
  parts.push(
    `<path class="axis" d="M${LEFT} ${top}V${bottom}H${RIGHT}"/>`,
    `<text class="label" x="${(LEFT + RIGHT) / 2}" y="${height - 8}" ` +
      `text-anchor="middle">${escapeHtml(options.xLabel)}</text>`,
    `<text class="label" transform="translate(14 ${(top + bottom) / 2}) ` +
      `rotate(-90)" text-anchor="middle">${escapeHtml(options.yLabel)}` +
      `</text>`,
  );

  for (const s of options.series) {
    const points = s.points
      .filter(([a, b]) => Number.isFinite(a) && keep(b))
      .map(([a, b]) => [px(a).toFixed(1), py(b).toFixed(1)] as const);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<polyline class="series" data-series="${escapeHtml(s.label)}" ` +
        `stroke="${s.color}"${dash} ` +
        `points="${points.map((p) => p.join(',')).join(' ')}"/>`,
    );
    if (s.markers || points.length === 1) {
      for (const [cx, cy] of points) {
        parts.push(
          `<circle cx="${cx}" cy="${cy}" r="3" stroke="${s.color}" ` +
            `fill="${s.dashed ? 'white' : s.color}"/>`,
        );
      }
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** The y axis of all series' finite values, log when asked or apt. */
function yAxis(options: ChartOptions): Axis {
  const values = options.series
    .flatMap((s) => s.points.map((p) => p[1]))
    .filter(Number.isFinite);
  const [low, high] = extent(values);
  const apt = low > 0 && high / low > 100;
  if (options.logY === true ? low > 0 : options.logY === 'auto' && apt) {
    return logAxis(low, high);
  }
  const bounds = options.yBounds;
  if (bounds === undefined) return linearAxis(low, high);
  // Keeps the lowest points (and their markers) off the x axis.
  const axis = linearAxis(low - 0.05 * (high - low), high);
  const ticks = axis.ticks.filter((t) => t >= bounds[0] && t <= bounds[1]);
  return { ...axis, ticks, min: ticks[0]!, max: ticks.at(-1)! };
}

/** [min, max] of `values`; [0, 1] when there are none. */
function extent(values: readonly number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  let [min, max] = [Infinity, -Infinity];
  for (const v of values) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return [min, max];
}

/** Legend items left to right, wrapped into rows above the plot. */
function legendRows(entries: readonly LegendEntry[]): {
  svg: string;
  height: number;
} {
  const items: string[] = [];
  let [x, row] = [LEFT, 0];
  for (const e of entries) {
    const width = 30 + e.label.length * GLYPH + 18;
    if (x > LEFT && x + width > RIGHT) [x, row] = [LEFT, row + 1];
    const y = 12 + row * 18;
    const dash = e.dashed ? ' stroke-dasharray="6 4"' : '';
    items.push(
      `<line class="key" x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" ` +
        `stroke="${e.color}"${dash}/>`,
      `<text class="legend" x="${x + 30}" y="${y}" ` +
        `dominant-baseline="middle">${escapeHtml(e.label)}</text>`,
    );
    x += width;
  }
  const rows = entries.length === 0 ? 0 : row + 1;
  return { svg: items.join('\n'), height: rows * 18 };
}
