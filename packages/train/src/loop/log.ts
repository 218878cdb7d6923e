/** The fixed-format log lines of a run, and their JSON records. */
import { appendFileSync } from 'node:fs';

export type LogRecord =
  | { kind: 'config'; recipe: unknown }
  | { kind: 'setup'; what: string; [key: string]: unknown }
  | {
      kind: 'step';
      step: number;
      totalSteps: number;
      epoch: number;
      loss: number;
      lr: number;
      imagesPerSecond: number;
      etaSeconds: number;
    }
  | { kind: 'layer'; layer: string; activationStd: number; gradientStd: number }
  | {
      kind: 'eval';
      step: number;
      epoch: number;
      loss: number;
      top1: number;
      top5: number;
    }
  | { kind: 'checkpoint'; step: number; path: string };

/** Receives each line and the record it shows. */
export type LogSink = (line: string, record: LogRecord) => void;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) {
    return '--:--:--';
  }
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** The line of a record: fixed fields in a fixed order. */
export function formatRecord(r: LogRecord): string {
  switch (r.kind) {
    case 'config':
      return `config ${JSON.stringify(r.recipe)}`;
    case 'setup': {
      const { kind: _k, what, ...rest } = r;
      const fields = Object.entries(rest).map(([k, v]) => `${k} ${String(v)}`);
      return [`setup ${what}`, ...fields].join(' | ');
    }
    case 'step':
      return (
        `step ${r.step}/${r.totalSteps} | epoch ${r.epoch} | ` +
        `loss ${r.loss.toFixed(4)} | lr ${r.lr.toExponential(3)} | ` +
        `${r.imagesPerSecond.toFixed(1)} img/s | eta ${formatDuration(r.etaSeconds)}`
      );
    case 'layer':
      return (
        `layer ${r.layer} | act_std ${r.activationStd.toExponential(3)} | ` +
        `grad_std ${r.gradientStd.toExponential(3)}`
      );
    case 'eval':
      return (
        `eval step ${r.step} | epoch ${r.epoch.toFixed(2)} | loss ${r.loss.toFixed(4)} | ` +
        `top1 ${(100 * r.top1).toFixed(2)}% | top5 ${(100 * r.top5).toFixed(2)}%`
      );
    case 'checkpoint':
      return `checkpoint step ${r.step} | ${r.path}`;
  }
}

/**
 * A sink that appends each record as one JSON line to `path` (created if
 * missing) and passes the line on to `next`.
 */
export function jsonLinesSink(path: string, next?: LogSink): LogSink {
  return (line, record) => {
    appendFileSync(path, `${JSON.stringify(record)}\n`);
    next?.(line, record);
  };
}
