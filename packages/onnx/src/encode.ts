import { DATA_FIELD_NUMBER, type DataTypeName, isFloatType } from './dtype.js';
import { OnnxArgumentError } from './errors.js';
import {
  bfloatToFloat,
  floatToBfloat,
  floatToHalf,
  halfToFloat,
} from './half.js';
import { type Edit, type Sink, bufferEdit } from './splice.js';
import type { TensorEntry } from './tensor.js';
import { WIRE, encodeVarint } from './wire.js';

/**
 * Fills elements [start, start + out.length) of a tensor, row-major. Gets
 * a Float64Array for float64 tensors and a Float32Array otherwise.
 */
export type FillChunk = (
  out: Float32Array | Float64Array,
  start: number,
) => void;

/** New values for one tensor: all at once, or chunk by chunk. */
export type Replacement = Float32Array | Float64Array | FillChunk;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Calls `each` with the replacement's values, chunk by chunk, in order. */
export function forEachChunk(
  entry: TensorEntry,
  replacement: Replacement,
  chunkElements: number,
  each: (values: Float32Array | Float64Array) => void,
): void {
  if (typeof replacement !== 'function') {
    if (replacement.length !== entry.size) {
      throw new OnnxArgumentError(
        `writeModel: replacement for ${JSON.stringify(entry.name)} must ` +
          `have ${entry.size} values; got ${replacement.length}`,
      );
    }
    for (let s = 0; s < entry.size; s += chunkElements) {
      each(replacement.subarray(s, Math.min(entry.size, s + chunkElements)));
    }
    return;
  }
  const wide = entry.dataType === 'float64';
  const full = Math.min(chunkElements, entry.size);
  const buffer = wide ? new Float64Array(full) : new Float32Array(full);
  for (let s = 0; s < entry.size; s += chunkElements) {
    const out = buffer.subarray(0, Math.min(chunkElements, entry.size - s));
    replacement(out, s);
    each(out);
  }
}

/**
 * `x` as stored in a float tensor of type `type` (rounded to nearest
 * even; float16 and bfloat16 through float32, as `encodeValues` does).
 */
export function storedAs(type: DataTypeName, x: number): number {
  switch (type) {
    case 'float64':
      return x;
    case 'float16':
      return halfToFloat(floatToHalf(x));
    case 'bfloat16':
      return bfloatToFloat(floatToBfloat(x));
    default:
      return Math.fround(x);
  }
}

/**
 * Values as the tensor's little-endian element bytes. A finite value that
 * overflows the tensor's type (1e39 in float32, 70000 in float16) is an
 * error, not an infinity.
 */
export function encodeValues(
  values: Float32Array | Float64Array,
  entry: TensorEntry,
): Uint8Array {
  const n = values.length;
  const type = entry.dataType;
  if (type === 'float32' || type === 'float64') {
    const Kind = type === 'float32' ? Float32Array : Float64Array;
    const same = values instanceof Kind ? values : Kind.from(values);
    if (same !== values) checkOverflow(values, same, entry);
    if (littleEndian) {
      return new Uint8Array(same.buffer, same.byteOffset, same.byteLength);
    }
    const out = new Uint8Array(n * Kind.BYTES_PER_ELEMENT);
    const view = new DataView(out.buffer);
    for (let i = 0; i < n; i++) {
      if (type === 'float32') view.setFloat32(4 * i, same[i] as number, true);
      else view.setFloat64(8 * i, same[i] as number, true);
    }
    return out;
  }
  const bits = toBits(values, type === 'float16');
  checkOverflow(values, bits, entry);
  const out = new Uint8Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = (bits[i] as number) & 0xff;
    out[2 * i + 1] = (bits[i] as number) >>> 8;
  }
  return out;
}

/** Infinity bit patterns (sign cleared) of float16 and bfloat16. */
const INFINITY_BITS = { float16: 0x7c00, bfloat16: 0x7f80 } as const;

/**
 * Throws when a finite value of `values` became infinite in `stored`:
 * float32 / float64 numbers, or float16 / bfloat16 bit patterns.
 */
function checkOverflow(
  values: Float32Array | Float64Array,
  stored: Float32Array | Float64Array | Uint16Array,
  entry: TensorEntry,
): void {
  const type = entry.dataType;
  const bits = stored instanceof Uint16Array;
  const inf =
    type === 'bfloat16' ? INFINITY_BITS.bfloat16 : INFINITY_BITS.float16;
  for (let i = 0; i < values.length; i++) {
    const s = stored[i] as number;
    const infinite = bits ? (s & 0x7fff) === inf : !Number.isFinite(s);
    const value = values[i] as number;
    if (infinite && Number.isFinite(value)) {
      throw new OnnxArgumentError(
        `writeModel: value ${value} of tensor ` +
          `${JSON.stringify(entry.name).slice(0, 80)} must be finite in ` +
          `${type}; got ${value < 0 ? '-' : ''}Infinity`,
      );
    }
  }
}

function toBits(
  values: Float32Array | Float64Array,
  half: boolean,
): Uint16Array {
  const bits = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    bits[i] = half ? floatToHalf(v) : floatToBfloat(v);
  }
  return bits;
}

/**
 * The edits that replace a tensor's data inside the model bytes, keeping
 * its storage form: raw_data and packed float_data / double_data are
 * streamed in place (same length); fp16 / bf16 bit patterns in int32_data
 * are re-encoded as packed varints (length may change).
 */
export function tensorEdits(
  entry: TensorEntry,
  replacement: Replacement,
  chunkElements: number,
): Edit[] {
  if (!isFloatType(entry.dataType)) {
    throw new OnnxArgumentError(
      `writeModel: tensor ${JSON.stringify(entry.name)} must be float32, ` +
        `float64, float16 or bfloat16 to be replaced; got ${entry.dataType}`,
    );
  }
  const chain = [...entry.site.chain, entry.site.field];
  const [first, ...rest] = entry.dataFields;
  if (first === undefined) return [];
  const stream = (sink: Sink): void =>
    forEachChunk(entry, replacement, chunkElements, (v) =>
      sink.write(encodeValues(v, entry)),
    );
  const bytesPer =
    entry.dataType === 'float64' ? 8 : entry.dataType === 'float32' ? 4 : 2;
  const length = entry.size * bytesPer;
  const single = rest.length === 0 && first.wireType === WIRE.len;
  if (
    entry.storage === 'raw_data' ||
    (single && entry.storage !== 'int32_data')
  ) {
    return [
      { start: first.valueStart, end: first.end, length, chain, emit: stream },
    ];
  }
  const deletions = rest.map((f) =>
    bufferEdit(f.start, f.end, new Uint8Array(0), chain),
  );
  const number =
    DATA_FIELD_NUMBER[
      entry.storage === 'int32_data'
        ? 'int32_data'
        : entry.storage === 'double_data'
          ? 'double_data'
          : 'float_data'
    ];
  const tag = encodeVarint(number * 8 + WIRE.len);
  if (entry.storage !== 'int32_data') {
    const head = concat([tag, encodeVarint(length)]);
    const emit = (sink: Sink): void => {
      sink.write(head);
      stream(sink);
    };
    const edit = {
      start: first.start,
      end: first.end,
      length: head.length + length,
      chain,
      emit,
    };
    return [edit, ...deletions];
  }
  const parts: Uint8Array[] = [];
  forEachChunk(entry, replacement, chunkElements, (v) => {
    const bits = toBits(v, entry.dataType === 'float16');
    parts.push(concat(Array.from(bits, (b) => encodeVarint(b))));
  });
  const payload = concat(parts);
  const field = concat([tag, encodeVarint(payload.length), payload]);
  return [bufferEdit(first.start, first.end, field, chain), ...deletions];
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
