import { Writable } from 'node:stream';
import type { LogRecord } from '@zoo/train';
import { describe, expect, it } from 'vitest';
import type { Io } from './command.js';
import { progressBar, shortDuration, trainProgress } from './progress.js';

/** A stream that records what is written to it, a terminal or not. */
function stream(isTTY: boolean, columns?: number) {
  const chunks: string[] = [];
  const writable = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  Object.assign(writable, { isTTY, columns });
  return { writable, chunks, text: () => chunks.join('') };
}

/** A clock the test moves by hand. */
function clock() {
  let t = 0;
  return { now: () => t, tick: (ms: number) => (t += ms) };
}

const step = (n: number, total = 60): LogRecord => ({
  kind: 'step',
  step: n,
  totalSteps: total,
  epoch: 0,
  loss: 1 / n,
  lr: 0.01,
  imagesPerSecond: 412.4,
  etaSeconds: 92,
});
const EVAL: LogRecord = {
  kind: 'eval',
  step: 60,
  epoch: 1,
  loss: 0.3,
  top1: 0.9,
  top5: 1,
};
const LINES: [string, LogRecord][] = [
  ['config {}', { kind: 'config', recipe: {} }],
  ['step 10/60 | ...', step(10)],
  ['step 20/60 | ...', step(20)],
  ['step 30/60 | ...', step(30)],
  ['step 60/60 | ...', step(60)],
  ['eval step 60 | ...', EVAL],
  ['checkpoint step 60 | x', { kind: 'checkpoint', step: 60, path: 'x' }],
];

function train(isTTY: boolean, gaps: number[], columns?: number) {
  const out = stream(false);
  const err = stream(isTTY, columns);
  const io: Io = { stdout: out.writable, stderr: err.writable };
  const time = clock();
  const progress = trainProgress(io, time.now);
  LINES.forEach(([line, record], i) => {
    time.tick(gaps[i] ?? 1000);
    progress.line(line, record);
  });
  progress.finish();
  return { stdout: out.text(), stderr: err.chunks };
}

describe('trainProgress', () => {
  it('prints the lines unchanged and draws nothing when not a terminal', () => {
    const run = train(false, []);
    expect(run.stdout).toBe(LINES.map(([line]) => `${line}\n`).join(''));
    expect(run.stderr).toEqual([]);
  });

  it('draws the step records as one redrawn line on a terminal', () => {
    const run = train(true, []);
    // stdout is the same on a terminal.
    expect(run.stdout).toBe(LINES.map(([line]) => `${line}\n`).join(''));
    const bars = run.stderr.filter((c) => c.startsWith('\rstep'));
    expect(bars[0]).toBe(
      '\rstep 10/60 [###.................] loss 0.1000 412 img/s eta 1m32s' +
        '\x1b[K',
    );
    expect(bars.at(-1)).toBe(
      '\rstep 60/60 [####################] loss 0.0167 412 img/s eta 1m32s' +
        '\x1b[K',
    );
    expect(run.stderr.at(-1)).toBe('\n');
    expect(run.stderr.filter((c) => c === '\n')).toHaveLength(1);
  });

  it('takes the bar off the screen before any other line', () => {
    // One screen: both streams append to the same list, in order.
    const screen: string[] = [];
    const into = (name: string, isTTY: boolean) =>
      Object.assign(
        new Writable({
          write(chunk: Buffer | string, _encoding, done) {
            screen.push(`${name}:${chunk.toString()}`);
            done();
          },
        }),
        { isTTY },
      );
    const io: Io = { stdout: into('out', false), stderr: into('err', true) };
    const time = clock();
    const progress = trainProgress(io, time.now);
    for (const [line, record] of LINES) {
      time.tick(1000);
      progress.line(line, record);
    }
    progress.finish();
    screen.forEach((chunk, i) => {
      if (!chunk.startsWith('out:')) return;
      // Before each stdout line: no bar drawn yet, or the bar cleared.
      const last = screen
        .slice(0, i)
        .filter((c) => c.startsWith('err:'))
        .at(-1);
      expect([undefined, 'err:\r\x1b[K']).toContain(last);
    });
    const bar =
      'err:\rstep 60/60 [####################] loss 0.0167 412 img/s ' +
      'eta 1m32s\x1b[K';
    expect(screen.slice(-7)).toEqual([
      'err:\r\x1b[K',
      'out:eval step 60 | ...\n',
      bar,
      'err:\r\x1b[K',
      'out:checkpoint step 60 | x\n',
      bar,
      'err:\n',
    ]);
  });

  it('redraws at most every 100 ms, but always draws the last step', () => {
    const run = train(true, [1000, 1000, 50, 50, 10]);
    const bars = run.stderr
      .filter((c) => c.startsWith('\rstep'))
      .map((c) => /^\rstep (\d+)/.exec(c)![1]);
    // 20 comes 50 ms after 10 and is skipped (10 is drawn again after
    // the line); 30 is 100 ms after 10; 60 is the last.
    expect(bars).toEqual(['10', '10', '30', '60', '60', '60']);
  });

  it('cuts the bar to the width of the terminal', () => {
    const run = train(true, [], 40);
    for (const c of run.stderr.filter((s) => s.startsWith('\rstep'))) {
      expect(c.replace('\r', '').replace('\x1b[K', '').length).toBe(39);
    }
  });

  it('ends cleanly when no step was logged', () => {
    const err = stream(true);
    const progress = trainProgress(
      { stdout: stream(false).writable, stderr: err.writable },
      () => 0,
    );
    progress.line('config {}', { kind: 'config', recipe: {} });
    progress.finish();
    expect(err.chunks).toEqual([]);
  });
});

describe('progressBar', () => {
  it('redraws with \\r on a terminal and ends with a newline', () => {
    const err = stream(true);
    const time = clock();
    const bar = progressBar(
      { stdout: stream(false).writable, stderr: err.writable },
      'reinit',
      time.now,
    );
    for (const done of [1, 2, 3, 4]) {
      time.tick(200);
      bar.update(done, 4);
    }
    bar.finish();
    expect(err.chunks).toHaveLength(5);
    expect(err.chunks[0]).toMatch(/^\rreinit \[#{8}\.{22}\] {2}25% eta 1s/);
    expect(err.chunks[3]).toMatch(/^\rreinit \[#{30}\] 100% eta 0s/);
    expect(err.chunks[4]).toBe('\n');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const err = stream(false);
    const bar = progressBar(
      { stdout: stream(false).writable, stderr: err.writable },
      'reinit',
    );
    bar.update(1, 2);
    bar.finish();
    expect(err.chunks).toEqual([]);
  });
});

describe('shortDuration', () => {
  it.each([
    [7, '7s'],
    [92, '1m32s'],
    [3725, '1h02m'],
    [NaN, '--'],
    [Infinity, '--'],
  ])('%f s -> %s', (seconds, text) => {
    expect(shortDuration(seconds)).toBe(text);
  });
});
