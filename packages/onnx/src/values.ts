import { closeSync, openSync, readSync } from 'node:fs';
import type { DataTypeName } from './dtype.js';
import { OnnxFormatError, OnnxUnsupportedError } from './errors.js';
import { bfloatToFloat, halfToFloat } from './half.js';
import type { TensorEntry } from './tensor.js';
import { WIRE, readVarint } from './wire.js';

/** Decoded tensor values; float16 and bfloat16 come as Float32Array. */
export type TensorValues =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/**
 * Decodes a tensor's values, little-endian whatever the host, from
 * raw_data (possibly unaligned), the typed repeated fields, or its
 * external data file. bool comes as Uint8Array of 0 and 1.
 */
export function decodeTensor(
  bytes: Uint8Array,
  entry: TensorEntry,
): TensorValues {
  const { dataType, size, storage } = entry;
  const out = allocate(dataType, size, entry.name);
  if (size === 0 || storage === 'empty') return out;
  if (storage === 'raw_data' || storage === 'external') {
    const raw =
      storage === 'external' ? readExternal(entry) : rawOf(entry, bytes);
    fromLittleEndian(raw, dataType, out);
  } else if (storage === 'float_data' || storage === 'double_data') {
    fromLittleEndian(packedBytes(bytes, entry), dataType, out);
  } else fromVarints(bytes, entry, out);
  return out;
}

function rawOf(entry: TensorEntry, bytes: Uint8Array): Uint8Array {
  const f = entry.dataFields[0];
  return f === undefined
    ? new Uint8Array(0)
    : bytes.subarray(f.valueStart, f.end);
}

function readExternal(entry: TensorEntry): Uint8Array {
  const ext = entry.external;
  if (ext === undefined) return new Uint8Array(0);
  const buf = new Uint8Array(ext.length);
  const fd = openSync(ext.file, 'r');
  try {
    for (let done = 0; done < ext.length;) {
      const n = readSync(fd, buf, done, ext.length - done, ext.offset + done);
      if (n === 0) {
        throw new OnnxFormatError(
          ext.file,
          `file must hold ${ext.length} bytes at offset ${ext.offset}; it ended early`,
        );
      }
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return buf;
}

/** Concatenates the fixed-width values of float_data or double_data. */
function packedBytes(bytes: Uint8Array, entry: TensorEntry): Uint8Array {
  const parts = entry.dataFields.map((f) =>
    bytes.subarray(f.wireType === WIRE.len ? f.valueStart : f.lenStart, f.end),
  );
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function allocate(type: DataTypeName, n: number, name: string): TensorValues {
  switch (type) {
    case 'float32':
    case 'float16':
    case 'bfloat16':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
    case 'bool':
      return new Uint8Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'uint16':
      return new Uint16Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'uint32':
      return new Uint32Array(n);
    case 'int64':
      return new BigInt64Array(n);
    case 'uint64':
      return new BigUint64Array(n);
    default:
      throw new OnnxUnsupportedError(
        `decodeTensor: data type must be a real number or bool type; ` +
          `got ${type} for ${JSON.stringify(name)}`,
      );
  }
}

function fromLittleEndian(
  raw: Uint8Array,
  type: DataTypeName,
  out: TensorValues,
): void {
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = out.length;
  if (out instanceof BigInt64Array) {
    for (let i = 0; i < n; i++) out[i] = v.getBigInt64(8 * i, true);
  } else if (out instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) out[i] = v.getBigUint64(8 * i, true);
  } else {
    const get = getter(v, type);
    for (let i = 0; i < n; i++) out[i] = get(i);
  }
}

function getter(v: DataView, type: DataTypeName): (i: number) => number {
  switch (type) {
    case 'float32':
      return (i) => v.getFloat32(4 * i, true);
    case 'float64':
      return (i) => v.getFloat64(8 * i, true);
    case 'float16':
      return (i) => halfToFloat(v.getUint16(2 * i, true));
    case 'bfloat16':
      return (i) => bfloatToFloat(v.getUint16(2 * i, true));
    case 'int8':
      return (i) => v.getInt8(i);
    case 'bool':
      return (i) => (v.getUint8(i) === 0 ? 0 : 1);
    case 'int16':
      return (i) => v.getInt16(2 * i, true);
    case 'uint16':
      return (i) => v.getUint16(2 * i, true);
    case 'int32':
      return (i) => v.getInt32(4 * i, true);
    case 'uint32':
      return (i) => v.getUint32(4 * i, true);
    default:
      return (i) => v.getUint8(i);
  }
}

function fromVarints(
  bytes: Uint8Array,
  entry: TensorEntry,
  out: TensorValues,
): void {
  const type = entry.dataType;
  let i = 0;
  const put = (lo: number, hi: number): void => {
    if (out instanceof BigInt64Array) {
      out[i++] = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
    } else if (out instanceof BigUint64Array) {
      out[i++] = (BigInt(hi) << 32n) | BigInt(lo);
    } else if (type === 'float16') out[i++] = halfToFloat(lo & 0xffff);
    else if (type === 'bfloat16') out[i++] = bfloatToFloat(lo & 0xffff);
    else if (type === 'bool') out[i++] = lo === 0 ? 0 : 1;
    else out[i++] = lo | 0;
  };
  for (const f of entry.dataFields) {
    if (f.wireType !== WIRE.len) {
      const v = readVarint(bytes, f.lenStart, f.end, entry.name);
      put(v.lo, v.hi);
      continue;
    }
    for (let p = f.valueStart; p < f.end;) {
      const v = readVarint(bytes, p, f.end, entry.name);
      put(v.lo, v.hi);
      p = v.next;
    }
  }
}
