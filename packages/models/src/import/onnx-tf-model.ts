/**
 * The imported model: a graph interpreter over tf ops. Weights are tf
 * variables in ONNX's own layouts (OIHW convolutions, Gemm's B as stored),
 * so gradients flow to them and they can be written back unchanged.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ZooInputError } from '../errors.js';
import type { OnnxNode } from './node.js';
import type { NodeRun } from './registry.js';

/** One prepared node, in topological order. */
export interface Step {
  readonly node: OnnxNode;
  readonly run: NodeRun;
}

export class OnnxTfModel {
  private disposed = false;

  constructor(
    /** Graph inputs that are not initializers, in graph order. */
    readonly inputNames: readonly string[],
    readonly outputNames: readonly string[],
    /** Float initializers by ONNX name; BN statistics are not trainable. */
    readonly weights: ReadonlyMap<string, tf.Variable>,
    /** Integer and bool initializers (shapes, indices). */
    private readonly constants: ReadonlyMap<string, tf.Tensor>,
    private readonly steps: readonly Step[],
  ) {}

  /** The trainable variables, in initializer order. */
  get trainableWeights(): tf.Variable[] {
    return [...this.weights.values()].filter((v) => v.trainable);
  }

  /** The first output for the inputs, given in `inputNames` order. */
  predict(x: tf.Tensor | readonly tf.Tensor[]): tf.Tensor {
    const xs = Array.isArray(x)
      ? (x as readonly tf.Tensor[])
      : [x as tf.Tensor];
    if (xs.length !== this.inputNames.length) {
      throw new ZooInputError(
        `OnnxTfModel.predict: inputs must number ${this.inputNames.length} ` +
          `(${this.inputNames.join(', ')}); got ${xs.length}`,
      );
    }
    const feeds: Record<string, tf.Tensor> = {};
    this.inputNames.forEach((name, i) => {
      feeds[name] = xs[i] as tf.Tensor;
    });
    const first = this.outputNames[0] ?? '';
    return this.execute(feeds, [first])[first] as tf.Tensor;
  }

  /** The named outputs (default all) for inputs by name. */
  execute(
    feeds: Readonly<Record<string, tf.Tensor>>,
    outputs: readonly string[] = this.outputNames,
  ): Record<string, tf.Tensor> {
    if (this.disposed) {
      throw new ZooInputError(
        'OnnxTfModel.execute: model must not be disposed',
      );
    }
    return tf.tidy(() => {
      const values = new Map<string, tf.Tensor>([
        ...this.weights,
        ...this.constants,
      ]);
      for (const name of this.inputNames) {
        const t = feeds[name];
        if (t === undefined) {
          throw new ZooInputError(
            `OnnxTfModel.execute: input ${JSON.stringify(name)} must be fed; ` +
              `got ${JSON.stringify(Object.keys(feeds))}`,
          );
        }
        values.set(name, t);
      }
      for (const { node, run } of this.steps) {
        const ins = node.inputs.map((name) => {
          if (name === '') return undefined;
          const t = values.get(name);
          if (t === undefined) {
            throw node.invalid(
              `input ${JSON.stringify(name)}`,
              'be computed before',
              'nothing',
            );
          }
          return t;
        });
        const outs = run(ins);
        node.outputs.forEach((name, i) => {
          const t = outs[i];
          if (name !== '' && t !== undefined) values.set(name, t);
        });
      }
      const result: Record<string, tf.Tensor> = {};
      for (const name of outputs) {
        const t = values.get(name);
        if (t === undefined) {
          throw new ZooInputError(
            `OnnxTfModel.execute: output ${JSON.stringify(name)} must be a ` +
              `graph value; got none`,
          );
        }
        // A graph output may be a weight or an input; return a copy.
        result[name] = tf.clone(t);
      }
      return result;
    });
  }

  /** Frees the weights and constants. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([...this.weights.values(), ...this.constants.values()]);
  }
}
