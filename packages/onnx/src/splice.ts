import { type Field, encodeVarint } from './wire.js';

/** Where the spliced output's bytes go. */
export interface Sink {
  write(bytes: Uint8Array): void;
}

/**
 * Input bytes [start, end) replaced by `length` bytes that `emit` writes.
 * `chain` lists the LEN fields enclosing the range, outermost first; their
 * length prefixes are recomputed when the edit changes the size.
 */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly length: number;
  readonly chain: readonly Field[];
  readonly emit: (sink: Sink) => void;
}

/** An edit whose new content is a small buffer. */
export function bufferEdit(
  start: number,
  end: number,
  content: Uint8Array,
  chain: readonly Field[],
): Edit {
  return {
    start,
    end,
    length: content.length,
    chain,
    emit: (sink) => sink.write(content),
  };
}

/**
 * Adds, for every enclosing field whose content changes size, an edit
 * that rewrites its length prefix. Fields are handled innermost first, so
 * a prefix that grows by a byte is counted in its parent. Prefixes of
 * unchanged fields are kept byte for byte (even non-minimal varints).
 */
export function planSplice(edits: readonly Edit[]): Edit[] {
  const all = [...edits];
  const fields = new Map<number, { field: Field; depth: number }>();
  for (const e of edits) {
    e.chain.forEach((field, depth) =>
      fields.set(field.start, { field, depth }),
    );
  }
  const order = [...fields.values()].sort((a, b) => b.depth - a.depth);
  for (const { field } of order) {
    let delta = 0;
    for (const e of all) {
      if (e.start >= field.valueStart && e.end <= field.end) {
        delta += e.length - (e.end - e.start);
      }
    }
    if (delta === 0) continue;
    const length = field.end - field.valueStart + delta;
    const prefix = encodeVarint(length);
    all.push(bufferEdit(field.lenStart, field.valueStart, prefix, []));
  }
  return all.sort((a, b) => a.start - b.start);
}

/** Streams the input with the edits applied; returns the bytes written. */
export function emitSplice(
  bytes: Uint8Array,
  edits: readonly Edit[],
  sink: Sink,
  copyChunk = 1 << 24,
): number {
  let pos = 0;
  let written = 0;
  const copy = (end: number): void => {
    for (let p = pos; p < end; p += copyChunk) {
      sink.write(bytes.subarray(p, Math.min(end, p + copyChunk)));
    }
    written += end - pos;
  };
  for (const e of edits) {
    if (e.start < pos) throw new Error('emitSplice: edits must not overlap');
    copy(e.start);
    e.emit(sink);
    written += e.length;
    pos = e.end;
  }
  copy(bytes.length);
  return written;
}
