/** The tables of a report: runs compared, then each run's details. */
import { escapeHtml } from './escape.js';
import { recipeRows, type RunSummary } from './summary.js';

/** A table with one row per run: init, final accuracy, loss, speed. */
export function comparison(
  runs: readonly RunSummary[],
  colour: (i: number) => string,
): string {
  const head = [
    'run',
    'init',
    'top-1',
    'top-5',
    'test loss',
    'train loss',
    'steps',
    'images/s',
  ];
  const rows = runs.map((r, i) => {
    const e = r.evals.at(-1);
    const s = r.steps.at(-1);
    const init = recipeRows(r.recipe).find(([k]) => k === 'init')?.[1];
    return [
      `<th>${swatch(colour(i))}${escapeHtml(r.name)}</th>`,
      `<td>${escapeHtml(init?.split(';')[0] ?? '?')}</td>`,
      num(e === undefined ? 'none' : pct(e.top1)),
      num(e === undefined ? 'none' : pct(e.top5)),
      num(e === undefined ? 'none' : fixed(e.loss, 4)),
      num(s === undefined ? 'none' : fixed(s.loss, 4)),
      num(s === undefined ? 'none' : String(s.step)),
      num(s === undefined ? 'none' : fixed(s.imagesPerSecond, 1)),
    ].join('');
  });
  return table(head, rows);
}

/**
 * A run's recipe, its results and the step-0 standard deviations of
 * each layer's output and kernel gradient.
 */
export function runSection(run: RunSummary, colour: string): string {
  const e = run.evals.at(-1);
  const s = run.steps.at(-1);
  const data = run.data;
  const results: [string, string][] = [
    [
      'final test top-1 / top-5',
      e === undefined
        ? 'no evaluation'
        : `${pct(e.top1)} / ${pct(e.top5)} (step ${e.step}, test loss ` +
          `${fixed(e.loss, 4)})`,
    ],
    [
      'steps',
      s === undefined
        ? 'none logged'
        : `${s.step} of ${s.totalSteps}, last training loss ` +
          fixed(s.loss, 4),
    ],
    [
      'images/s (last logged)',
      s === undefined ? 'none logged' : fixed(s.imagesPerSecond, 1),
    ],
  ];
  if (data !== undefined) {
    results.push([
      'data',
      `${String(data['train'])} training and ${String(data['test'])} ` +
        `test images of ${String(data['image'])}; backend ` +
        String(data['backend']) +
        (data['workers'] === undefined
          ? ''
          : `, ${String(data['workers'])} worker(s)`),
    ]);
  }
  if (run.divergedAt !== undefined) {
    results.push(['diverged', `non-finite loss from step ${run.divergedAt}`]);
  }
  const rows = (pairs: [string, string][]): string[] =>
    pairs.map(([k, v]) => `<th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td>`);

  return [
    `<section class="run">`,
    `<h2>${swatch(colour)}${escapeHtml(run.name)}</h2>`,
    '<h3>Recipe</h3>',
    table([], rows(recipeRows(run.recipe))),
    '<h3>Results</h3>',
    table([], rows(results)),
    '<h3>Step 0: standard deviation per layer</h3>',
    run.layers.length === 0
      ? '<p class="none">no step-0 statistics logged</p>'
      : table(
          ['layer', 'activation std', 'gradient std'],
          run.layers.map(
            (l) =>
              `<td>${escapeHtml(l.layer)}</td>` +
              num(sci(l.activationStd)) +
              num(sci(l.gradientStd)),
          ),
        ),
    '</section>',
  ].join('\n');
}

/** A table from a header and rows of ready cells (`<td>`/`<th>`). */
function table(head: readonly string[], rows: readonly string[]): string {
  const thead = head.length
    ? `<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}` +
      `</tr></thead>\n`
    : '';
  const body = rows.map((r) => `<tr>${r}</tr>`).join('\n');
  return `<table>\n${thead}<tbody>\n${body}\n</tbody>\n</table>`;
}

function swatch(colour: string): string {
  return `<span class="swatch" style="background:${colour}"></span>`;
}

const num = (text: string): string =>
  `<td class="num">${escapeHtml(text)}</td>`;
const pct = (v: number): string =>
  Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : String(v);
const fixed = (v: number, digits: number): string =>
  Number.isFinite(v) ? v.toFixed(digits) : String(v);
const sci = (v: number): string =>
  Number.isFinite(v) ? v.toExponential(3) : String(v);
