/**
 * saveOnnx: an imported (possibly trained) model written back as ONNX.
 * The variables are in ONNX's own layouts already, so each one replaces
 * the initializer of the same name through @zoo/onnx's writeModel, which
 * keeps every other byte of the source file.
 */
import {
  findTensor,
  readTensor,
  writeModel,
  type OnnxModel,
  type Replacement,
  type TensorEntry,
  type WriteResult,
} from '@zoo/onnx';
import { ZooInputError } from '../errors.js';
import type { OnnxTfModel } from './onnx-tf-model.js';

export interface SaveOnnxOptions {
  /** Overwrite an existing output; default false. */
  readonly force?: boolean;
}

/** What `saveOnnx` wrote. */
export interface SaveOnnxResult extends WriteResult {
  /** Initializers given new values, in the model's weight order. */
  readonly replaced: readonly string[];
  /** Initializers whose variables still hold the stored values. */
  readonly unchanged: readonly string[];
}

/**
 * Writes `imported`'s current weights into a copy of `source`, the model
 * it was imported from, at `outPath` (atomically; an existing file is an
 * error unless `force`).
 *
 * A variable that still holds exactly what the import read is not
 * rewritten, so an untouched tensor keeps its bytes even where writing
 * would change them (float64 values, unpacked float_data). float16 and
 * bfloat16 initializers get the variables' values rounded to nearest
 * even; in a float64 initializer, elements whose variable still holds
 * their float32 rounding keep their stored value.
 *
 * @example
 * const model = await readModel('squeezenet1_1.onnx');
 * const net = importOnnx(model);
 * // ... train net.trainableWeights ...
 * await saveOnnx(net, model, 'squeezenet1_1-tuned.onnx');
 */
export async function saveOnnx(
  imported: OnnxTfModel,
  source: OnnxModel,
  outPath: string,
  options: SaveOnnxOptions = {},
): Promise<SaveOnnxResult> {
  const replacements = new Map<string, Replacement>();
  const unchanged: string[] = [];
  for (const [name, variable] of imported.weights) {
    const entry = initializerOf(source, name);
    if (variable.isDisposed) {
      throw new ZooInputError(
        `saveOnnx: weight ${JSON.stringify(name)} must not be disposed; ` +
          'got a disposed variable',
      );
    }
    if (variable.size !== entry.size) {
      throw new ZooInputError(
        `saveOnnx: weight ${JSON.stringify(name)} must have the ` +
          `initializer's ${entry.size} elements; got ${variable.size}`,
      );
    }
    const values = variable.dataSync() as Float32Array;
    const replacement = changedValues(values, readTensor(source, entry));
    if (replacement === undefined) unchanged.push(name);
    else replacements.set(name, replacement);
  }

  const result = await writeModel(source, outPath, replacements, {
    force: options.force ?? false,
  });
  return { ...result, replaced: [...replacements.keys()], unchanged };
}

/** The main-graph initializer `name` of `source`, or a ZooInputError. */
function initializerOf(source: OnnxModel, name: string): TensorEntry {
  const entry = source.tensors.find(
    (t) => t.graph === '' && t.kind === 'initializer' && t.name === name,
  );
  if (entry === undefined) {
    throw new ZooInputError(
      `saveOnnx: weight ${JSON.stringify(name)} must be an initializer of ` +
        `the source model; got none in ${source.path}`,
    );
  }
  // findTensor is what writeModel will look the name up with.
  if (findTensor(source, name) !== entry) {
    throw new ZooInputError(
      `saveOnnx: initializer ${JSON.stringify(name)} must be the only ` +
        `tensor of that name; got several in ${source.path}`,
    );
  }
  return entry;
}

/**
 * The values to write, or undefined when `values` are bit for bit what
 * the import made of `stored` (float16 and bfloat16 are read as float32,
 * float64 rounded to float32).
 */
function changedValues(
  values: Float32Array,
  stored: ReturnType<typeof readTensor>,
): Replacement | undefined {
  if (stored instanceof Float32Array) {
    const a = new Uint32Array(values.buffer, values.byteOffset, values.length);
    const b = new Uint32Array(stored.buffer, stored.byteOffset, stored.length);
    return a.every((bits, i) => bits === b[i]) ? undefined : values;
  }
  if (stored instanceof Float64Array) {
    let same = true;
    const merged = Float64Array.from(stored, (s, i) => {
      const v = values[i] as number;
      if (Object.is(Math.fround(s), v)) return s;
      same = false;
      return v;
    });
    return same ? undefined : merged;
  }
  throw new ZooInputError(
    `saveOnnx: a weight must be stored as a float type; got ` +
      `${stored.constructor.name}`,
  );
}
