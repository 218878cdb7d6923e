/** Formats rows as a left-aligned text table with a header rule. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w));
  return [line(header), line(rule), ...rows.map(line)].join('\n') + '\n';
}

/** A number with 4 significant digits, or `-` when absent. */
export function num(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '-';
  if (x === 0) return '0';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5
    ? String(Number(x.toPrecision(4)))
    : x.toExponential(3);
}

/** `[64, 3, 11, 11]` as `64x3x11x11`; a scalar as `scalar`. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('x');
}
