import {
  OnnxArgumentError,
  OnnxFormatError,
  OnnxUnsupportedError,
} from './errors.js';
import { type ExternalData, checkExternal } from './external.js';
import {
  DATA_FIELD_NUMBER,
  type DataField,
  type DataTypeName,
  dataTypeInfo,
  rawByteLength,
} from './dtype.js';
import type { TensorSite } from './sites.js';
import {
  type Field,
  WIRE,
  fieldString,
  readFields,
  readVarint,
} from './wire.js';

const T = {
  dims: 1,
  dataType: 2,
  segment: 3,
  name: 8,
  raw: 9,
  external: 13,
  dataLocation: 14,
} as const;

/** How a tensor's values are stored in the file. */
export type TensorStorage = 'raw_data' | DataField | 'external' | 'empty';

/** One TensorProto of the model, with where and how it is stored. */
export interface TensorEntry {
  /**
   * The value name: the initializer's name, or for an attribute tensor the
   * node's first output (a Constant's value name).
   */
  readonly name: string;
  /** The TensorProto's own name field (often empty for attributes). */
  readonly protoName: string;
  /** '' for the main graph; otherwise the subgraph or function path. */
  readonly graph: string;
  readonly kind: 'initializer' | 'attribute';
  /** For attribute tensors: the node and attribute holding it. */
  readonly nodeIndex: number;
  readonly opType: string;
  readonly attribute: string;
  readonly dataType: DataTypeName;
  readonly dataTypeCode: number;
  readonly dims: readonly number[];
  /** Number of elements (product of dims). */
  readonly size: number;
  readonly storage: TensorStorage;
  readonly external?: ExternalData;
  /** Wire position; used by the writer. */
  readonly site: TensorSite;
  /** The occurrences of the field that holds the data (none if external). */
  readonly dataFields: readonly Field[];
}

/** Decodes a tensor's metadata and checks its data size against dims. */
export function tensorEntry(
  bytes: Uint8Array,
  site: TensorSite,
  baseDir: string | undefined,
  where: string,
): TensorEntry {
  const { field } = site;
  const fields = readFields(bytes, field.valueStart, field.end, where);
  const dims: number[] = [];
  let code = 0;
  let protoName = '';
  let location = 0;
  const entries = new Map<string, string>();
  for (const f of fields) {
    if (f.number === T.dims) pushVarints(bytes, f, dims, where);
    else if (f.number === T.dataType) code = varintOf(bytes, f, where);
    else if (f.number === T.name) protoName = fieldString(bytes, f);
    else if (f.number === T.dataLocation) location = varintOf(bytes, f, where);
    else if (f.number === T.external) readEntry(bytes, f, entries, where);
    else if (f.number === T.segment) {
      throw new OnnxUnsupportedError(
        `${where}: tensor segments (TensorProto.segment) are not supported`,
      );
    }
  }
  const name =
    site.kind === 'initializer' || site.nodeOutput === ''
      ? protoName
      : site.nodeOutput;
  const at = `${where}: tensor ${JSON.stringify(name)}`;
  const info = dataTypeInfo(code);
  const size = dims.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(size)) {
    throw new OnnxFormatError(at, `size must be a safe integer; got ${size}`);
  }
  const base = {
    name,
    protoName,
    graph: site.graph,
    kind: site.kind,
    nodeIndex: site.nodeIndex,
    opType: site.opType,
    attribute: site.attribute,
    dataType: info?.name ?? 'unknown',
    dataTypeCode: code,
    dims,
    size,
    site,
  } as const;
  if (info === undefined) return { ...base, storage: 'empty', dataFields: [] };
  if (info.name === 'string') {
    const data = fields.filter((f) => f.number === 6);
    return { ...base, storage: 'string_data', dataFields: data };
  }
  const expected = rawByteLength(info, size);
  if (location === 1) {
    if (baseDir === undefined) {
      throw new OnnxArgumentError(
        `${at}: external data must have a model folder (options.baseDir); ` +
          'got none',
      );
    }
    const external = checkExternal(baseDir, entries, expected, at);
    return { ...base, storage: 'external', external, dataFields: [] };
  }
  const raw = fields.filter((f) => f.number === T.raw);
  const last = raw[raw.length - 1];
  if (last !== undefined) {
    const got = last.end - last.valueStart;
    if (last.wireType !== WIRE.len || got !== expected) {
      throw sizeError(at, expected, `${got} bytes of raw_data`);
    }
    return { ...base, storage: 'raw_data', dataFields: [last] };
  }
  const number = DATA_FIELD_NUMBER[info.field];
  const data = fields.filter((f) => f.number === number);
  const count = countValues(bytes, data, info.field);
  const want = info.size === 0.5 ? Math.ceil(size / 2) : size * info.perElement;
  if (count !== want)
    throw sizeError(at, want, `${count} ${info.field} values`);
  const storage = data.length === 0 ? 'empty' : info.field;
  return { ...base, storage, dataFields: data };
}

function sizeError(at: string, want: number, got: string): OnnxFormatError {
  return new OnnxFormatError(
    at,
    `data must match dims x element size (${want}); got ${got}`,
  );
}

function varintOf(bytes: Uint8Array, f: Field, where: string): number {
  if (f.wireType !== WIRE.varint) {
    throw new OnnxFormatError(where, `field ${f.number} must be a varint`);
  }
  return readVarint(bytes, f.valueStart, f.end, where).lo | 0;
}

function pushVarints(
  bytes: Uint8Array,
  f: Field,
  out: number[],
  where: string,
): void {
  const push = (lo: number, hi: number): void => {
    if (hi >= 0x200000) {
      throw new OnnxFormatError(where, 'dims must be non-negative and < 2^53');
    }
    out.push(hi * 0x100000000 + lo);
  };
  if (f.wireType === WIRE.varint) {
    const v = readVarint(bytes, f.valueStart, f.end, where);
    push(v.lo, v.hi);
    return;
  }
  for (let p = f.valueStart; p < f.end;) {
    const v = readVarint(bytes, p, f.end, where);
    push(v.lo, v.hi);
    p = v.next;
  }
}

function readEntry(
  bytes: Uint8Array,
  f: Field,
  out: Map<string, string>,
  where: string,
): void {
  let key = '';
  let value = '';
  for (const g of readFields(bytes, f.valueStart, f.end, where)) {
    if (g.number === 1) key = fieldString(bytes, g);
    if (g.number === 2) value = fieldString(bytes, g);
  }
  out.set(key, value);
}

/** Counts the values of a repeated scalar field over its occurrences. */
export function countValues(
  bytes: Uint8Array,
  occurrences: readonly Field[],
  field: DataField,
): number {
  const width = field === 'float_data' ? 4 : field === 'double_data' ? 8 : 0;
  let n = 0;
  for (const f of occurrences) {
    if (f.wireType !== WIRE.len) n++;
    else if (width > 0) n += (f.end - f.valueStart) / width;
    else {
      for (let p = f.valueStart; p < f.end; p++) {
        if (((bytes[p] as number) & 0x80) === 0) n++;
      }
    }
  }
  return n;
}
