import { open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { onnx } from './proto.js';
import { type OnnxProto, toNumber } from './proto.js';
import { OnnxArgumentError, OnnxFormatError, warnOnce } from './errors.js';
import { findTensorSites } from './sites.js';
import { type TensorEntry, tensorEntry } from './tensor.js';
import { type TensorValues, decodeTensor } from './values.js';

/** The IR versions and ai.onnx opsets this package reads. */
export const SUPPORTED = { irMin: 3, irMax: 11, opsetMin: 7, opsetMax: 23 };

/** A parsed model: its bytes, the decoded proto and every tensor found. */
export interface OnnxModel {
  /** The file it was read from, or a label such as `<bytes>`. */
  readonly path: string;
  /** The folder external data locations are relative to. */
  readonly baseDir: string | undefined;
  /** The whole file; tensors' raw data are views into it. */
  readonly bytes: Uint8Array;
  /** onnx-proto's decoding, for graph semantics (nodes, attributes). */
  readonly proto: OnnxProto.ModelProto;
  readonly irVersion: number;
  /** Opset version by domain; '' is ai.onnx. */
  readonly opsets: ReadonlyMap<string, number>;
  readonly tensors: readonly TensorEntry[];
}

/** Options of `parseModel`. */
export interface ParseOptions {
  /** The folder external data is resolved against; required if any. */
  readonly baseDir?: string;
  /** The name errors use for this model; default `<bytes>`. */
  readonly path?: string;
}

/** Reads and parses an ONNX file; external data is relative to its folder. */
export async function readModel(path: string): Promise<OnnxModel> {
  const full = resolve(path);
  let bytes: Uint8Array;
  try {
    bytes = await readWhole(full);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new OnnxFormatError(full, `file must be readable; ${reason}`);
  }
  return parseModel(bytes, { baseDir: dirname(full), path: full });
}

/**
 * The file's bytes, read in pieces of up to 1 GiB. fs.readFile reads in
 * 512 KiB pieces, each a trip to the thread pool: 20% slower on VGG16.
 */
async function readWhole(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size > 2 ** 31 - 1) throw new Error(`it is over 2 GiB (${size} bytes)`);
    const bytes = Buffer.allocUnsafe(size);
    for (let done = 0; done < size;) {
      const length = Math.min(size - done, 2 ** 30);
      const { bytesRead } = await file.read(bytes, done, length, done);
      if (bytesRead === 0) throw new Error(`it ended at byte ${done}`);
      done += bytesRead;
    }
    return bytes;
  } finally {
    await file.close();
  }
}

/**
 * Parses ONNX bytes. Tensor metadata and byte ranges come from a wire
 * walker; the graph comes from onnx-proto. Every tensor's data size is
 * checked against its dims, and external data against its file.
 */
export function parseModel(
  bytes: Uint8Array,
  options: ParseOptions = {},
): OnnxModel {
  const path = options.path ?? '<bytes>';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new OnnxFormatError(
      path,
      'the file is gzip-compressed; gunzip it first (gunzip -k)',
    );
  }
  const { sites } = findTensorSites(bytes, path);
  let proto: OnnxProto.ModelProto;
  try {
    proto = onnx.ModelProto.decode(bytes);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new OnnxFormatError(path, `file must be a ModelProto; ${reason}`);
  }
  const irVersion = toNumber(proto.irVersion);
  if (irVersion < SUPPORTED.irMin) {
    throw new OnnxFormatError(
      path,
      `ir_version must be at least ${SUPPORTED.irMin}; got ${irVersion}`,
    );
  }
  if (irVersion > SUPPORTED.irMax) {
    warnOnce(`${path}: ir_version ${irVersion} is newer than known; reading`);
  }
  const opsets = new Map<string, number>();
  for (const o of proto.opsetImport) {
    opsets.set(o.domain ?? '', toNumber(o.version));
  }
  const core = opsets.get('') ?? opsets.get('ai.onnx');
  if (core !== undefined && core < SUPPORTED.opsetMin) {
    throw new OnnxFormatError(
      path,
      `ai.onnx opset must be at least ${SUPPORTED.opsetMin}; got ${core}`,
    );
  }
  if (core !== undefined && core > SUPPORTED.opsetMax) {
    warnOnce(`${path}: opset ${core} is newer than known; reading`);
  }
  const baseDir = options.baseDir;
  const tensors = sites.map((s) => tensorEntry(bytes, s, baseDir, path));
  checkUniqueNames(tensors, path);
  return { path, baseDir, bytes, proto, irVersion, opsets, tensors };
}

/**
 * Refuses two initializers of one graph with the same name: which one a
 * node reads is undefined, and a replacement by name would miss one.
 */
function checkUniqueNames(tensors: readonly TensorEntry[], path: string) {
  const seen = new Set<string>();
  for (const t of tensors) {
    if (t.kind !== 'initializer') continue;
    const key = `${t.graph}\0${t.name}`;
    if (seen.has(key)) {
      const graph = t.graph === '' ? '' : ` in graph ${t.graph}`;
      throw new OnnxFormatError(
        path,
        `duplicate initializer name ${JSON.stringify(t.name)}${graph}; ` +
          'initializer names must be unique',
      );
    }
    seen.add(key);
  }
}

/**
 * Finds a main-graph tensor by value name (initializer or Constant
 * output). Throws `OnnxArgumentError` when absent.
 */
export function findTensor(model: OnnxModel, name: string): TensorEntry {
  const found = model.tensors.find((t) => t.graph === '' && t.name === name);
  if (found === undefined) {
    throw new OnnxArgumentError(
      `findTensor: name must be a tensor of the main graph; ` +
        `got ${JSON.stringify(name)}`,
    );
  }
  return found;
}

/** A tensor's values (see `decodeTensor`), by entry or main-graph name. */
export function readTensor(
  model: OnnxModel,
  tensor: TensorEntry | string,
): TensorValues {
  const entry = typeof tensor === 'string' ? findTensor(model, tensor) : tensor;
  return decodeTensor(model.bytes, entry);
}
