import { OnnxFormatError } from './errors.js';

/** Protobuf wire types. */
export const WIRE = { varint: 0, i64: 1, len: 2, group: 3, i32: 5 } as const;

/** One field occurrence in a message, as byte offsets into the buffer. */
export interface Field {
  readonly number: number;
  readonly wireType: number;
  /** Offset of the tag. */
  readonly start: number;
  /** Offset of the length prefix (LEN fields); else equals `valueStart`. */
  readonly lenStart: number;
  /** Offset of the value (after tag and length prefix). */
  readonly valueStart: number;
  /** Offset just past the value. */
  readonly end: number;
}

/** A varint as its low and high 32 bits. */
export interface Varint {
  readonly lo: number;
  readonly hi: number;
  readonly next: number;
}

/** Reads a varint at `pos`; throws if it runs past `limit`. */
export function readVarint(
  bytes: Uint8Array,
  pos: number,
  limit: number,
  where: string,
): Varint {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= limit) {
      throw new OnnxFormatError(where, 'file is truncated inside a varint');
    }
    const b = bytes[pos++] as number;
    if (i < 4) lo |= (b & 0x7f) << (7 * i);
    else if (i === 4) {
      lo |= (b & 0x0f) << 28;
      hi |= (b & 0x7f) >>> 4;
    } else hi |= (b & 0x7f) << (7 * i - 32);
    if ((b & 0x80) === 0) return { lo: lo >>> 0, hi: hi >>> 0, next: pos };
  }
  throw new OnnxFormatError(where, 'varint must be at most 10 bytes long');
}

/** A varint read as a non-negative safe integer (lengths, tags). */
export function readLength(
  bytes: Uint8Array,
  pos: number,
  limit: number,
  where: string,
): { value: number; next: number } {
  const v = readVarint(bytes, pos, limit, where);
  if (v.hi >= 0x200000) {
    throw new OnnxFormatError(where, 'a length must be below 2^53');
  }
  return { value: v.hi * 0x100000000 + v.lo, next: v.next };
}

/** Encodes a non-negative integer as a varint. */
export function encodeVarint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** The byte length of `value` as a varint. */
export function varintSize(value: number): number {
  let n = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) n++;
  return n;
}

/**
 * Splits bytes [start, end) into the fields of one message. Throws an
 * `OnnxFormatError` naming `where` when a field runs past `end`.
 */
export function readFields(
  bytes: Uint8Array,
  start: number,
  end: number,
  where: string,
): Field[] {
  const fields: Field[] = [];
  let pos = start;
  while (pos < end) {
    const field = readField(bytes, pos, end, where);
    if (field.wireType === WIRE.group + 1) {
      throw new OnnxFormatError(where, 'unexpected end-group tag');
    }
    fields.push(field);
    pos = field.end;
  }
  return fields;
}

function readField(
  bytes: Uint8Array,
  start: number,
  end: number,
  where: string,
): Field {
  const tag = readLength(bytes, start, end, where);
  const number = Math.floor(tag.value / 8);
  const wireType = tag.value % 8;
  if (number === 0) {
    throw new OnnxFormatError(where, 'field number must be positive; got 0');
  }
  const at = tag.next;
  let valueEnd: number;
  let valueStart = at;
  switch (wireType) {
    case WIRE.varint:
      valueEnd = readVarint(bytes, at, end, where).next;
      break;
    case WIRE.i64:
      valueEnd = at + 8;
      break;
    case WIRE.i32:
      valueEnd = at + 4;
      break;
    case WIRE.len: {
      const len = readLength(bytes, at, end, where);
      valueStart = len.next;
      valueEnd = valueStart + len.value;
      break;
    }
    case WIRE.group:
      valueEnd = skipGroup(bytes, at, end, number, where);
      break;
    case WIRE.group + 1:
      valueEnd = at;
      break;
    default:
      throw new OnnxFormatError(
        where,
        `wire type must be 0, 1, 2, 3, 4 or 5; got ${wireType}`,
      );
  }
  if (valueEnd > end) {
    throw new OnnxFormatError(where, 'file is truncated inside a field');
  }
  return { number, wireType, start, lenStart: at, valueStart, end: valueEnd };
}

function skipGroup(
  bytes: Uint8Array,
  start: number,
  end: number,
  number: number,
  where: string,
): number {
  let pos = start;
  while (pos < end) {
    const f = readField(bytes, pos, end, where);
    if (f.wireType === WIRE.group + 1) {
      if (f.number !== number) break;
      return f.end;
    }
    pos = f.end;
  }
  throw new OnnxFormatError(where, 'group must be closed by its end tag');
}

const utf8 = new TextDecoder('utf-8');

/** The value of a LEN field as a UTF-8 string. */
export function fieldString(bytes: Uint8Array, f: Field): string {
  return utf8.decode(bytes.subarray(f.valueStart, f.end));
}
