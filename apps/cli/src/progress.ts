import type { LogRecord } from '@zoo/train';
import type { Io } from './command.js';

/** Milliseconds between two redraws of a progress line. */
const REDRAW_MS = 100;

/** Erases from the cursor to the end of the line (ANSI EL). */
const ERASE = '\x1b[K';

/**
 * One line at the bottom of a terminal, redrawn in place with `\r` at
 * most every 100 ms. `clear` takes it off the screen so that another line
 * can be printed there; `restore` draws it again below that line; `end`
 * leaves it in place and moves to the next line.
 */
class StatusLine {
  private text = '';
  private shown = false;
  private last = -Infinity;

  constructor(
    private readonly stream: Io['stderr'],
    private readonly now: () => number,
  ) {}

  /** Draws `text` unless the last redraw was under 100 ms ago. */
  draw(text: string, force = false): void {
    const now = this.now();
    if (!force && now - this.last < REDRAW_MS) return;
    this.last = now;
    this.text = fit(text, this.stream);
    this.shown = true;
    this.stream.write(`\r${this.text}${ERASE}`);
  }

  clear(): void {
    if (this.shown) this.stream.write(`\r${ERASE}`);
    this.shown = false;
  }

  restore(): void {
    if (this.shown || this.text === '') return;
    this.shown = true;
    this.stream.write(`\r${this.text}${ERASE}`);
  }

  end(): void {
    this.restore();
    if (this.shown) this.stream.write('\n');
    this.shown = false;
    this.text = '';
  }
}

/** `text` cut to the terminal's width, so that `\r` redraws one line. */
function fit(text: string, stream: Io['stderr']): string {
  const columns = (stream as { columns?: number }).columns;
  return columns !== undefined && columns > 1 && text.length >= columns
    ? text.slice(0, columns - 1)
    : text;
}

/** `[#####.....]`: `fraction` of `width` characters filled. */
function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/**
 * A progress bar on a terminal, nothing otherwise (pipes and CI get the
 * summary lines only). Redraws at most every 100 ms.
 */
export function progressBar(
  io: Io,
  label: string,
  now: () => number = Date.now,
): { update(done: number, total: number): void; finish(): void } {
  if (!io.stderr.isTTY) return { update() {}, finish() {} };
  const line = new StatusLine(io.stderr, now);
  const started = now();
  return {
    update(done, total) {
      const fraction = total > 0 ? done / total : 1;
      const elapsed = (now() - started) / 1000;
      const eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
      line.draw(
        `${label} ${bar(fraction, 30)} ` +
          `${(fraction * 100).toFixed(0).padStart(3)}% eta ${eta.toFixed(0)}s`,
        done >= total,
      );
    },
    finish() {
      line.end();
    },
  };
}

/** Prints `zoo train`'s log lines, with a progress bar on a terminal. */
export interface TrainProgress {
  /** Prints `line` on stdout; on a terminal, redraws the bar below it. */
  line(line: string, record: LogRecord): void;
  /** Leaves the last bar on the screen and ends its line. */
  finish(): void;
}

/**
 * `zoo train`'s output. Every log line goes to stdout as it is. When
 * stderr is a terminal, the `step` records also draw one line there,
 * `step 1200/1874 [#####.....] loss 0.3412 412 img/s eta 1m32s`, taken
 * off the screen while any other line is printed and drawn again below
 * it. Records come every `logEvery` steps; the bar moves that often.
 */
export function trainProgress(
  io: Io,
  now: () => number = Date.now,
): TrainProgress {
  const print = (line: string): void => {
    io.stdout.write(`${line}\n`);
  };
  if (!io.stderr.isTTY) return { line: print, finish() {} };
  const status = new StatusLine(io.stderr, now);
  return {
    line(line, record) {
      status.clear();
      print(line);
      if (record.kind !== 'step') {
        status.restore();
        return;
      }
      const total = record.totalSteps;
      status.draw(
        `step ${record.step}/${total} ` +
          `${bar(total > 0 ? record.step / total : 1, 20)} ` +
          `loss ${record.loss.toFixed(4)} ` +
          `${Math.round(record.imagesPerSecond)} img/s ` +
          `eta ${shortDuration(record.etaSeconds)}`,
        record.step >= total,
      );
      // A skipped redraw leaves the last bar where it was.
      status.restore();
    },
    finish() {
      status.end();
    },
  };
}

/** 92 -> `1m32s`, 3725 -> `1h02m`, 7 -> `7s`; `--` when unknown. */
export function shortDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${pad(Math.floor(s / 60) % 60)}m`;
}
