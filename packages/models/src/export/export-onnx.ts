/**
 * tfjs-layers zoo model -> ONNX (opset 13, IR 7), laid out as torchvision
 * exports its models: input `input` [N, C, H, W] float32, output `logits`,
 * conv weights OIHW, Gemm weights [out, in] with transB = 1, every weight
 * an initializer named after its layer (`conv1.weight`, `fc6.bias`).
 *
 * Flatten order: ONNX's Flatten of NCHW gives (c, h, w) where tfjs's
 * Flatten of NHWC gives (h, w, c); the rows of the Dense kernel after a
 * Flatten are permuted to (c, h, w), so the graph has no Transpose and
 * fc6.weight has torchvision's and Caffe's layout.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { ZooInputError, ZooNotImplementedError } from '../errors.js';
import {
  CONVERTERS,
  ELEMENTWISE,
  PADDED,
  type ExportState,
} from './converters/index.js';
import { OnnxGraph } from './onnx-graph.js';

/** One initializer of an exported model. */
export interface ExportedTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly size: number;
}

/** An encoded model and what it holds. */
export interface EncodedOnnx {
  readonly bytes: Uint8Array;
  readonly initializers: readonly ExportedTensor[];
  /** Elements of the float initializers: the model's parameter count. */
  readonly parameters: number;
}

/** Options of `exportOnnx`. */
export interface ExportOptions {
  /** Where to write the model. */
  readonly path: string;
  /** Overwrite an existing file; default false. */
  readonly force?: boolean;
}

/** What `exportOnnx` wrote. */
export interface ExportResult extends EncodedOnnx {
  readonly path: string;
}

/** The tfjs-layers classes `encodeOnnx` converts, sorted. */
export function exportableLayers(): string[] {
  return Object.keys(CONVERTERS).sort();
}

const nchw = (shape: readonly (number | null)[]): number[] => {
  const dims = shape.slice(1).map((d) => d ?? 0);
  return dims.length === 3 ? [dims[2]!, dims[0]!, dims[1]!] : dims;
};

/**
 * Encodes a sequential tfjs-layers model (a zoo architecture) as ONNX
 * bytes. Dropout is left out (inference mode). Throws
 * ZooNotImplementedError for a layer class or option it does not convert.
 */
export function encodeOnnx(model: LayersModel): EncodedOnnx {
  const input = model.inputs[0];
  const output = model.outputs[0];
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || !input) {
    throw new ZooNotImplementedError(
      `exportOnnx: model must have one input and one output; got ` +
        `${model.inputs.length} and ${model.outputs.length}`,
    );
  }
  const state: ExportState = {
    graph: new OnnxGraph(),
    current: 'input',
    pendingPad: undefined,
    flattened: undefined,
  };
  let previous: string | undefined;
  for (const layer of model.layers) {
    checkChained(layer, previous);
    previous = layer.name;
    const kind = layer.getClassName();
    const convert = CONVERTERS[kind];
    if (convert === undefined) {
      throw new ZooNotImplementedError(
        `exportOnnx: layer class must be one of ` +
          `${exportableLayers().join(', ')}; got ${kind} (${layer.name})`,
      );
    }
    if (state.flattened && !ELEMENTWISE.has(kind) && kind !== 'Dense') {
      throw new ZooNotImplementedError(
        `exportOnnx: the layer after Flatten must be Dense or elementwise; ` +
          `got ${kind} (${layer.name})`,
      );
    }
    if (state.pendingPad && !PADDED.has(kind) && kind !== 'ZeroPadding2D') {
      flushPad(state);
    }
    convert(layer, layer.getConfig() as Record<string, unknown>, state);
  }
  if (state.pendingPad) flushPad(state);
  if (state.flattened) {
    throw new ZooNotImplementedError(
      'exportOnnx: a Flatten must be followed by a Dense layer; got none',
    );
  }
  if (!state.graph.renameLastOutput(state.current, 'logits')) {
    state.graph.addNode('Identity', 'logits', [state.current]);
  }
  const bytes = state.graph.encode({
    name: model.name,
    input: 'input',
    inputShape: nchw(input.shape),
    output: 'logits',
    outputShape: nchw(output?.shape ?? []),
  });
  const initializers = state.graph.listInitializers();
  const parameters = initializers
    .filter((t) => !t.name.endsWith('.pads'))
    .reduce((n, t) => n + t.size, 0);
  return { bytes, initializers, parameters };
}

/**
 * Writes `model` as ONNX to `options.path`, atomically: a temp file in the
 * same folder, fsync, rename. An existing file is an error unless `force`.
 *
 * @example
 *   await exportOnnx(buildArchitecture('alexnet'), { path: 'alexnet.onnx' });
 */
export async function exportOnnx(
  model: LayersModel,
  options: ExportOptions,
): Promise<ExportResult> {
  const path = resolve(options.path);
  if (!(options.force ?? false) && existsSync(path)) {
    throw new ZooInputError(
      `exportOnnx: output must not exist (use force to overwrite); ` +
        `got ${path}`,
    );
  }
  const encoded = encodeOnnx(model);
  await writeAtomic(path, encoded.bytes);
  return { ...encoded, path };
}

/** Writes `bytes` to a temp file beside `path`, syncs it, renames it. */
export async function writeAtomic(
  path: string,
  bytes: Uint8Array,
): Promise<void> {
  const suffix = randomBytes(6).toString('hex');
  const temp = join(dirname(path), `.${basename(path)}.${suffix}.tmp`);
  try {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Emits the pending zero padding as a Pad node. */
function flushPad(state: ExportState): void {
  const pad = state.pendingPad;
  if (pad === undefined) return;
  state.pendingPad = undefined;
  const [top, left, bottom, right] = pad.pads;
  const pads = state.graph.addInt64(`${pad.name}.pads`, [
    0,
    0,
    top,
    left,
    0,
    0,
    bottom,
    right,
  ]);
  state.current = state.graph.addNode('Pad', pad.name, [state.current, pads]);
}

/** Only chains of layers (sequential models) are converted. */
function checkChained(
  layer: LayersModel['layers'][number],
  previous: string | undefined,
): void {
  const inbound = layer.inboundNodes.flatMap((n) =>
    n.inboundLayers.map((l) => l.name),
  );
  const expected = previous === undefined ? [] : [previous];
  const chained =
    inbound.length === expected.length &&
    inbound.every((n, i) => n === expected[i]);
  if (!chained && !(previous === undefined && inbound.length <= 1)) {
    throw new ZooNotImplementedError(
      `exportOnnx: model must be a chain of layers (sequential); layer ` +
        `${layer.name} reads ${inbound.join(', ') || 'nothing'}`,
    );
  }
}
