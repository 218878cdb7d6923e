/**
 * A training report: one self-contained HTML page (inline CSS and SVG; no
 * scripts, no links to anything) comparing runs.
 */
import { lineChart, type Series } from './chart.js';
import { escapeHtml } from './escape.js';
import { summariseRun, type ReportRun, type RunSummary } from './summary.js';
import { comparison, runSection } from './tables.js';
import type { Axis } from './ticks.js';

export interface ReportOptions {
  /** The page's title and heading; default `Training report`. */
  readonly title?: string;
}

/** Okabe and Ito's colour-blind safe palette, then two more; cycled. */
const COLOURS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#000000',
  '#8c564b',
  '#7f7f7f',
];

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; color: #222; margin: 2em auto;
  max-width: 800px; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
.chart { width: 100%; height: auto; }
.chart .grid { stroke: #e4e4e4; stroke-width: 1; }
.chart .axis { stroke: #444; fill: none; }
.chart .series, .chart .key { fill: none; stroke-width: 2; }
.chart text { font-size: 12px; fill: #333; }
.chart .label { font-size: 13px; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
thead th { border-bottom: 1px solid #999; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em;
  margin-right: 0.4em; vertical-align: -0.1em; }
.none { color: #777; font-style: italic; }
`;

/**
 * The report of `runs` (overlaid in each chart, one colour per run): loss,
 * test top-1 (solid) and top-5 (dashed), and learning rate against the
 * step; a table comparing the runs; per run, its recipe, results and the
 * step-0 standard deviations of each layer's output and gradient.
 *
 * @example
 *   const html = renderReport(
 *     [{ name: 'he', records: readMetrics('runs/he/metrics.jsonl').records }],
 *     { title: 'convnet under He init' },
 *   );
 */
export function renderReport(
  runs: readonly ReportRun[],
  options: ReportOptions = {},
): string {
  const title = options.title ?? 'Training report';
  const summaries = runs.map(summariseRun);
  const colour = (i: number): string => COLOURS[i % COLOURS.length]!;
  const names = summaries.map((s) => s.name).join(', ');

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${runs.length} run(s): ${escapeHtml(names)}</p>`,
    '<h2>Training loss</h2>',
    lossChart(summaries, colour),
    '<h2>Test accuracy</h2>',
    accuracyChart(summaries, colour),
    '<h2>Learning rate</h2>',
    lrChart(summaries, colour),
    '<h2>Runs</h2>',
    comparison(summaries, colour),
    ...summaries.map((s, i) => runSection(s, colour(i))),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

type Colour = (i: number) => string;

function lossChart(runs: readonly RunSummary[], colour: Colour): string {
  if (runs.every((r) => r.steps.length === 0)) {
    return '<p class="none">no training steps logged</p>';
  }
  return lineChart({
    title: 'Training loss against step',
    xLabel: 'step',
    yLabel: 'training loss (last batch)',
    logY: 'auto',
    series: runs.map((r, i) => ({
      label: r.name,
      color: colour(i),
      points: r.steps.map((s) => [s.step, s.loss] as const),
    })),
  });
}

function accuracyChart(runs: readonly RunSummary[], colour: Colour): string {
  if (runs.every((r) => r.evals.length === 0)) {
    return '<p class="none">no evaluation</p>';
  }
  const series: Series[] = runs.flatMap((r, i) =>
    r.evals.length === 0
      ? []
      : (['top1', 'top5'] as const).map((k) => ({
          label: `${r.name} ${k}`,
          color: colour(i),
          dashed: k === 'top5',
          markers: true,
          points: r.evals.map((e) => [e.step, e[k]] as const),
        })),
  );
  return lineChart({
    title: 'Test top-1 and top-5 accuracy against step',
    xLabel: 'step',
    yLabel: 'test accuracy',
    yBounds: [0, 1],
    yFormat: percent,
    series,
    legend: [
      ...runs.map((r, i) => ({
        label: r.evals.length === 0 ? `${r.name} (no evaluation)` : r.name,
        color: colour(i),
      })),
      { label: 'top-1', color: '#555' },
      { label: 'top-5', color: '#555', dashed: true },
    ],
  });
}

function lrChart(runs: readonly RunSummary[], colour: Colour): string {
  if (runs.every((r) => r.steps.length === 0)) {
    return '<p class="none">no training steps logged</p>';
  }
  return lineChart({
    title: 'Learning rate against step',
    xLabel: 'step',
    yLabel: 'learning rate',
    series: runs.map((r, i) => ({
      label: r.name,
      color: colour(i),
      points: r.steps.map((s) => [s.step, s.lr] as const),
    })),
  });
}

/** A percentage with as many decimals as the axis's step needs. */
function percent(value: number, axis: Axis): string {
  const step = axis.ticks.length > 1 ? axis.ticks[1]! - axis.ticks[0]! : 1;
  const decimals = Math.max(0, -Math.floor(Math.log10(step * 100) + 1e-9));
  return `${(value * 100).toFixed(decimals)}%`;
}
