/**
 * What the training loop trains: a zoo model (tfjs-layers, NHWC) or a model
 * imported from an ONNX file (a tf graph interpreter over the file's own
 * NCHW layouts), behind one interface: logits of an NHWC batch, named
 * weights, initialisation from the recipe, and export as ONNX.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  exportOnnx,
  importOnnx,
  saveOnnx,
  type OnnxTfModel,
} from '@zoo/models';
import { RandomStream } from '@zoo/init';
import { readModel, type OnnxModel } from '@zoo/onnx';

import { RecipeError } from '../recipe/errors.js';
import type { InitSection } from '../recipe/types.js';
import { activationStds, tensorStd } from './evaluate.js';
import {
  initialiseOnnxWeights,
  initialiseWeights,
  type InitPlanEntry,
} from './init-weights.js';
import { namedWeights } from './session.js';

export interface TrainableModel {
  /** Logits [n, classes] of an NHWC batch. */
  logits(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
  /** Every weight by name (`conv1/kernel`; ONNX: the initializer name). */
  readonly weights: ReadonlyMap<string, tf.Variable>;
  /** The weights SGD updates. */
  readonly trainable: ReadonlySet<tf.Variable>;
  /** The weight whose gradient std the step-0 log shows for a layer. */
  kernelOf(layer: string): string | undefined;
  /** The std of each weighted layer's output in a training-mode pass. */
  activationStds(x: tf.Tensor4D): Map<string, number>;
  /**
   * Keys the dropout masks of training-mode passes, until the next call,
   * to (recipe seed, step, replica rank): a rerun or a resume draws the
   * same masks.
   */
  seedDropout(seed: number, step: number, rank: number): void;
  /** Fills the weights from the recipe's init section; the plan. */
  initialise(init: InitSection): InitPlanEntry[];
  /** Writes the model as ONNX to `path` (atomically, replacing). */
  saveOnnx(path: string): Promise<string>;
  dispose(): void;
}

/** A zoo architecture or `convnet`, built with tfjs-layers. */
export function layersTrainable(model: LayersModel): TrainableModel {
  const weights = namedWeights(model);
  const dropouts = model.layers.filter((l) => l.getClassName() === 'Dropout');
  return {
    logits: (x, training) =>
      (training
        ? model.apply(x, { training: true })
        : model.predict(x)) as tf.Tensor2D,
    weights,
    trainable: new Set(
      model.trainableWeights.map((w) => w.read() as tf.Variable),
    ),
    kernelOf: (layer) => `${layer}/kernel`,
    activationStds: (x) => activationStds(model, x),
    seedDropout: (seed, step, rank) => {
      for (const layer of dropouts) {
        // tfjs-layers' Dropout seeds tf.randomUniform with this field: the
        // same mask at every call while it is set, Math.random's when not.
        const word = new Uint32Array(1);
        new RandomStream(seed, `dropout/${step}/${rank}/${layer.name}`).words(
          word,
        );
        (layer as unknown as { seed?: number }).seed = word[0];
      }
    },
    initialise: (init) => {
      if (init.scheme === 'keep') {
        throw new RecipeError(
          `recipe: init.scheme keep needs model.onnx (a zoo architecture ` +
            `starts with no weights to keep); got keep`,
        );
      }
      return initialiseWeights(model, init);
    },
    saveOnnx: async (path) =>
      (await exportOnnx(model, { path, force: true })).path,
    dispose: () => model.dispose(),
  };
}

/**
 * The model of an ONNX file with one NCHW image input of `imageShape`
 * ([height, width, channels]) and one output of logits. Dropout runs as
 * the identity and BatchNormalization with its stored statistics (the
 * importer's inference semantics).
 */
export async function onnxTrainable(
  path: string,
  imageShape: readonly [number, number, number],
): Promise<TrainableModel> {
  const source = await readModel(path);
  const imported = importOnnx(source);
  checkInput(source, imported, imageShape);
  const layers = layerOutputs(source, imported);
  return {
    logits: (x) =>
      tf.tidy(
        () => imported.predict(tf.transpose(x, [0, 3, 1, 2])) as tf.Tensor2D,
      ),
    weights: imported.weights,
    trainable: new Set(imported.trainableWeights),
    kernelOf: (layer) => layers.get(layer)?.kernel,
    // Dropout is the identity here.
    seedDropout: () => undefined,
    activationStds: (x) => {
      const out = new Map<string, number>();
      tf.tidy(() => {
        const feeds = {
          [imported.inputNames[0] as string]: tf.transpose(x, [0, 3, 1, 2]),
        };
        const outputs = [...layers.values()].map((l) => l.output);
        const values = imported.execute(feeds, outputs);
        for (const [name, { output }] of layers) {
          out.set(name, tensorStd(values[output] as tf.Tensor));
        }
      });
      return out;
    },
    initialise: (init) =>
      init.scheme === 'keep'
        ? []
        : initialiseOnnxWeights(source, imported, init),
    saveOnnx: async (out) => {
      await saveOnnx(imported, source, out, { force: true });
      return out;
    },
    dispose: () => imported.dispose(),
  };
}

function checkInput(
  source: OnnxModel,
  imported: OnnxTfModel,
  [h, w, c]: readonly [number, number, number],
): void {
  if (imported.inputNames.length !== 1) {
    throw new RecipeError(
      `recipe: model.onnx must have one image input; got ` +
        `${imported.inputNames.length} (${imported.inputNames.join(', ')}) ` +
        `in ${source.path}`,
    );
  }
  const input = source.proto.graph?.input?.find(
    (v) => v.name === imported.inputNames[0],
  );
  const dims = (input?.type?.tensorType?.shape?.dim ?? []).map((d) =>
    d.dimValue === undefined || d.dimValue === null ? -1 : Number(d.dimValue),
  );
  const [, dc, dh, dw] = dims;
  if (dims.length !== 4 || dc !== c || dh !== h || dw !== w) {
    throw new RecipeError(
      `recipe: model.onnx input must be NCHW [n, ${c}, ${h}, ${w}] to take ` +
        `the data's ${h}x${w}x${c} images; got [${dims.join(', ')}] in ` +
        `${source.path}`,
    );
  }
}

/** Conv / Gemm / MatMul layers: their first output and their weight. */
function layerOutputs(
  source: OnnxModel,
  imported: OnnxTfModel,
): Map<string, { output: string; kernel: string }> {
  const out = new Map<string, { output: string; kernel: string }>();
  for (const node of source.proto.graph?.node ?? []) {
    const op = node.opType ?? '';
    if (!['Conv', 'ConvTranspose', 'Gemm', 'MatMul'].includes(op)) continue;
    const output = node.output?.[0];
    const kernel = node.input?.[1];
    if (output === undefined || kernel === undefined) continue;
    if (!imported.weights.has(kernel)) continue;
    out.set(node.name !== '' && node.name != null ? node.name : output, {
      output,
      kernel,
    });
  }
  return out;
}
