import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../loop/log.js';
import { renderReport } from './render.js';
import type { ReportRun } from './summary.js';

const RECIPE = {
  name: 'fashion-mnist-convnet',
  model: { architecture: 'convnet', options: { conv: [32, 64] }, onnx: '' },
  init: {
    scheme: 'he-normal',
    options: { mode: 'fan_in' },
    bias: 'zeros',
    biasOptions: {},
    seed: 7,
    rules: [],
  },
  optimizer: {
    kind: 'sgd',
    lr: 0.02,
    momentum: 0.9,
    weightDecay: 0.0005,
    nesterov: true,
  },
  schedule: { kind: 'cosine', warmupSteps: 100, minLr: 0 },
  epochs: 2,
  batchSize: 64,
  seed: 3,
  maxSteps: 0,
};

/**
 * A run as `zoo train` logs it: config, step-0 layers, a step record
 * every 10 steps with an exponentially falling loss, `evals` evaluations.
 */
function records(
  opts: { steps?: number; evals?: number; loss0?: number } = {},
): LogRecord[] {
  const { steps = 20, evals = 4, loss0 = 2.3 } = opts;
  const total = steps * 10;
  const out: LogRecord[] = [
    { kind: 'config', recipe: RECIPE },
    { kind: 'setup', what: 'data', train: 2048, test: 512, image: '28x28x1' },
    { kind: 'layer', layer: 'conv1', activationStd: 1.41, gradientStd: 0.07 },
    { kind: 'layer', layer: 'fc1', activationStd: 1.96, gradientStd: 0.032 },
  ];
  for (let i = 1; i <= steps; i++) {
    out.push({
      kind: 'step',
      step: i * 10,
      totalSteps: total,
      epoch: 0,
      loss: loss0 * Math.exp(-i / 4),
      lr: 0.02 * (1 - i / (steps + 1)),
      imagesPerSecond: 400,
      etaSeconds: steps - i,
    });
  }
  for (let i = 1; i <= evals; i++) {
    const step = Math.round((i * total) / evals);
    const top1 = 0.5 + 0.1 * i;
    out.push({ kind: 'eval', step, epoch: 1, loss: 1 / i, top1, top5: 0.99 });
  }
  return out;
}

type Tag = { name: string; attrs: Record<string, string> };

/**
 * Checks that `html` nests like XML (every element closed, in order; no
 * stray `<` or `&`) and returns every element's name and attributes.
 */
function parseXmlish(html: string): Tag[] {
  const body = html.replace(/^<!DOCTYPE html>\n/, '');
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  const stack: string[] = [];
  const tags: Tag[] = [];
  let at = 0;
  for (const m of body.matchAll(tag)) {
    const text = body.slice(at, m.index);
    expect(text).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|#39);)/);
    at = m.index + m[0].length;
    const [, close, name, attrText, selfClosing] = m;
    if (close) {
      expect(stack.pop()).toBe(name);
      continue;
    }
    const attrs = Object.fromEntries(
      [...attrText!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]),
    );
    tags.push({ name: name!, attrs: attrs as Record<string, string> });
    if (!selfClosing) stack.push(name!);
  }
  expect(body.slice(at).trim()).toBe('');
  expect(stack).toEqual([]);
  return tags;
}

/** Each `<svg>` of the page: its polylines, circles and plot box. */
function charts(html: string) {
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map(([svg]) => {
    const box = /class="axis" d="M(\d+) (\d+)V(\d+)H(\d+)"/.exec(svg)!;
    const [left, top, bottom, right] = box.slice(1).map(Number);
    const tags = parseXmlish(svg);
    const lines = tags
      .filter((t) => t.name === 'polyline')
      .map((t) => ({
        series: t.attrs['data-series']!,
        dashed: t.attrs['stroke-dasharray'] !== undefined,
        points: t.attrs['points']!.split(' ')
          .filter(Boolean)
          .map((p) => {
            const [x, y] = p.split(',').map(Number);
            return [x!, y!] as const;
          }),
      }));
    const circles = tags.filter((t) => t.name === 'circle');
    return { svg, left, top, bottom, right, lines, circles };
  });
}

const RUNS: ReportRun[] = [
  { name: 'he-normal', records: records() },
  { name: 'glorot-uniform', records: records({ steps: 15, evals: 3 }) },
  { name: 'normal-0.01', records: records({ steps: 7, evals: 1 }) },
];

describe('renderReport', () => {
  const html = renderReport(RUNS, { title: 'convnet under three inits' });

  it('is one well-formed, self-contained page', () => {
    parseXmlish(html);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/http|src=|<script|url\(|@import|<link/i);
    expect(html).toContain('<title>convnet under three inits</title>');
  });

  it('draws loss, accuracy and lr charts with one line per run', () => {
    const [loss, accuracy, lr] = charts(html);
    expect(charts(html)).toHaveLength(3);
    for (const chart of [loss!, lr!]) {
      expect(chart.lines.map((l) => l.series)).toEqual(RUNS.map((r) => r.name));
      expect(chart.lines.map((l) => l.points.length)).toEqual([20, 15, 7]);
    }
    expect(accuracy!.lines.map((l) => [l.series, l.points.length])).toEqual([
      ['he-normal top1', 4],
      ['he-normal top5', 4],
      ['glorot-uniform top1', 3],
      ['glorot-uniform top5', 3],
      ['normal-0.01 top1', 1],
      ['normal-0.01 top5', 1],
    ]);
    expect(accuracy!.lines.map((l) => l.dashed)).toEqual([
      false,
      true,
      false,
      true,
      false,
      true,
    ]);
    expect(accuracy!.circles).toHaveLength(16);
  });

  it('keeps every point finite and inside the plot area', () => {
    for (const c of charts(html)) {
      for (const [x, y] of c.lines.flatMap((l) => l.points)) {
        expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(c.left!);
        expect(x).toBeLessThanOrEqual(c.right!);
        expect(y).toBeGreaterThanOrEqual(c.top!);
        expect(y).toBeLessThanOrEqual(c.bottom!);
      }
    }
  });

  it('names each run in every legend and the run tables', () => {
    for (const c of charts(html)) {
      for (const run of RUNS) expect(c.svg).toContain(`>${run.name}</text>`);
    }
    expect(html).toContain('he-normal {&quot;mode&quot;:&quot;fan_in&quot;}');
    expect(html).toContain('cosine, to 0, warmup 100 steps');
    expect(html).toContain('init 7, data order 3');
    expect(html).toContain('<td class="num">1.410e+0</td>');
    expect(html).toContain('90.00% / 99.00% (step 200, test loss 0.2500)');
  });

  it('escapes run names and recipe text', () => {
    const evil = '<script>alert(1)</script>';
    const recipe = { ...RECIPE, name: '"><img src=x onerror=alert(1)>' };
    const page = renderReport(
      [
        {
          name: evil,
          records: [{ kind: 'config', recipe }, ...records().slice(1)],
        },
      ],
      { title: evil },
    );
    parseXmlish(page);
    expect(page).not.toMatch(/<script|<img/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img');
  });

  it('says "no evaluation" for runs without eval records', () => {
    const none = records({ evals: 0 });
    const alone = renderReport([{ name: 'a', records: none }]);
    expect(charts(alone)).toHaveLength(2);
    expect(alone).toContain('<p class="none">no evaluation</p>');

    const mixed = renderReport([
      { name: 'a', records: none },
      { name: 'b', records: records() },
    ]);
    const accuracy = charts(mixed)[1]!;
    expect(accuracy.svg).toContain('>a (no evaluation)</text>');
    expect(accuracy.lines.map((l) => l.series)).toEqual(['b top1', 'b top5']);
    expect(mixed).toContain('<td>no evaluation</td>');
  });

  it('draws a run of one point', () => {
    const one = renderReport([
      { name: 'one', records: records({ steps: 1, evals: 1 }) },
    ]);
    parseXmlish(one);
    for (const c of charts(one)) {
      expect(c.lines.every((l) => l.points.length === 1)).toBe(true);
      expect(c.circles.length).toBe(c.lines.length);
      const [x, y] = c.lines[0]!.points[0]!;
      expect(x).toBeGreaterThan(c.left!);
      expect(x).toBeLessThanOrEqual(c.right!);
      expect(y).toBeGreaterThanOrEqual(c.top!);
      expect(y).toBeLessThanOrEqual(c.bottom!);
    }
    // A single value is put inside its axis, not on its edge.
    const loss = charts(one)[0]!.lines[0]!.points[0]!;
    expect(loss[1]).toBeGreaterThan(charts(one)[0]!.top!);
    expect(loss[1]).toBeLessThan(charts(one)[0]!.bottom!);
  });

  it('uses a log scale for a loss spanning more than two decades', () => {
    const steep = charts(renderReport([{ name: 'a', records: records() }]));
    const labels = (svg: string): string[] =>
      [...svg.matchAll(/text-anchor="end" [^>]*>([^<]*)</g)].map((m) => m[1]!);
    // 2.3 e^(-20/4) = 0.0155 to 2.3 e^(-1/4) = 1.79: three decades.
    expect(labels(steep[0]!.svg)).toEqual([
      '0.01',
      '0.02',
      '0.05',
      '0.1',
      '0.2',
      '0.5',
      '1',
      '2',
      '5',
      '10',
    ]);
    const longer = charts(
      renderReport([{ name: 'a', records: records({ steps: 40 }) }]),
    );
    // Down to 2.3 e^(-10) = 1.04e-4: five decades, powers of ten only.
    expect(labels(longer[0]!.svg)).toEqual([
      '1e-4',
      '0.001',
      '0.01',
      '0.1',
      '1',
      '10',
    ]);
    const flat = records({ steps: 8 });
    const linear = charts(renderReport([{ name: 'a', records: flat }]));
    expect(labels(linear[0]!.svg)).toEqual(['0', '0.5', '1.0', '1.5', '2.0']);
  });

  it('keeps the last record of steps a resume logged again', () => {
    const first = records({ steps: 5, evals: 0 });
    const again = records({ steps: 3, evals: 1, loss0: 9 }).filter(
      (r) => r.kind === 'step' || r.kind === 'eval',
    );
    const page = renderReport([{ name: 'r', records: [...first, ...again] }]);
    const loss = charts(page)[0]!;
    expect(loss.lines[0]!.points).toHaveLength(5);
  });

  it('leaves out non-finite losses and says where the run diverged', () => {
    const run = records({ steps: 6 }).map((r) =>
      r.kind === 'step' && r.step >= 40 ? { ...r, loss: NaN } : r,
    );
    const page = renderReport([{ name: 'nan', records: run }]);
    expect(charts(page)[0]!.lines[0]!.points).toHaveLength(3);
    expect(page).toContain('non-finite loss from step 40');
  });
});
