/** The most characters a text-table cell shows; longer ones end in `…`. */
export const MAX_CELL = 80;

/** C0, DEL, C1, and the bidi embeddings, overrides and isolates. */
function isControl(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/**
 * `text` with control and bidi characters written as `\u{1b}`, so that a
 * name cannot move the cursor, colour the terminal or reorder a line.
 */
export function escapeControls(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    out += isControl(code) ? `\\u{${code.toString(16)}}` : c;
  }
  return out;
}

/** A cell as a text table shows it: controls escaped, cut at `MAX_CELL`. */
export function cellText(text: string): string {
  const chars = Array.from(escapeControls(text));
  return chars.length > MAX_CELL
    ? `${chars.slice(0, MAX_CELL - 1).join('')}…`
    : chars.join('');
}

/**
 * Formats rows as a left-aligned text table with a header rule. Cells go
 * through `cellText`; JSON output, which is exact, never comes here.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const head = header.map(cellText);
  const body = rows.map((r) => head.map((_, i) => cellText(r[i] ?? '')));
  const width = (c: string) => Array.from(c).length;
  const widths = head.map((h, i) =>
    Math.max(width(h), ...body.map((r) => width(r[i]!))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i]! - width(c)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w));
  return [line(head), line(rule), ...body.map(line)].join('\n') + '\n';
}

/** A number with 4 significant digits, or `-` when absent. */
export function num(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '-';
  if (x === 0) return '0';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5
    ? String(Number(x.toPrecision(4)))
    : x.toExponential(3);
}

/** An integer (a fan, a count) exactly, or `-` when absent. */
export function int(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '-';
  return Number.isSafeInteger(x) ? String(x) : num(x);
}

/** `[64, 3, 11, 11]` as `64x3x11x11`; a scalar as `scalar`. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('x');
}
