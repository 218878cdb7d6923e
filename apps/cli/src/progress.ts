import type { Io } from './command.js';

/**
 * A progress bar on a terminal, nothing otherwise (pipes and CI get the
 * summary lines only). Redraws at most every 100 ms.
 */
export function progressBar(
  io: Io,
  label: string,
): { update(done: number, total: number): void; finish(): void } {
  if (!io.stderr.isTTY) return { update() {}, finish() {} };
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      drawn = true;
      const fraction = total > 0 ? done / total : 1;
      const width = 30;
      const filled = Math.round(fraction * width);
      const elapsed = (now - started) / 1000;
      const eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
      io.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` +
          `${(fraction * 100).toFixed(0).padStart(3)}% ` +
          `eta ${eta.toFixed(0)}s `,
      );
    },
    finish() {
      if (drawn) io.stderr.write('\n');
    },
  };
}
