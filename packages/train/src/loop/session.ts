/**
 * The state of a run that a checkpoint holds: the model and its named
 * weights, the SGD velocity and the plateau bookkeeping, with the
 * conversions to and from a `Checkpoint`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { PlateauTracker } from '../optim/schedule.js';
import { Sgd, type SgdParameter } from '../optim/sgd.js';
import { RecipeError } from '../recipe/errors.js';
import type { Recipe } from '../recipe/types.js';
import type { Checkpoint, StoredTensor } from './checkpoint.js';
import type { TrainableModel } from './trainable.js';

/** Every weight of `model` by `<layer>/<weight>` (conv1/kernel). */
export function namedWeights(model: LayersModel): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  for (const layer of model.layers) {
    for (const w of layer.weights) {
      const last = w.originalName.split('/').pop() ?? w.name;
      out.set(
        `${layer.name}/${last.replace(/_\d+$/, '')}`,
        w.read() as tf.Variable,
      );
    }
  }
  return out;
}

export class TrainingSession {
  readonly weights: ReadonlyMap<string, tf.Variable>;
  readonly params: SgdParameter[];
  /** The weights SGD leaves alone (BatchNorm moving statistics). */
  readonly buffers: tf.Variable[];
  readonly sgd: Sgd;
  readonly plateau: PlateauTracker;

  constructor(
    readonly recipe: Recipe,
    readonly model: TrainableModel,
  ) {
    this.weights = model.weights;
    this.params = [...this.weights]
      .filter(([, v]) => model.trainable.has(v))
      .map(([name, variable]) => ({
        name,
        variable,
        decay: recipe.optimizer.decayBiases || variable.rank > 1,
      }));
    const trained = new Set(this.params.map((p) => p.variable));
    this.buffers = [...this.weights.values()].filter((v) => !trained.has(v));
    this.sgd = new Sgd(this.params, recipe.optimizer);
    this.plateau = new PlateauTracker(
      recipe.schedule.patience,
      recipe.schedule.maxDecays,
    );
  }

  /** The checkpoint of this state after `step` steps. */
  snapshot(step: number, stepsPerEpoch: number, workers = 1): Checkpoint {
    const weights: Record<string, StoredTensor> = {};
    for (const [name, v] of this.weights) {
      weights[name] = { shape: v.shape, values: v.dataSync() as Float32Array };
    }
    const velocity: Record<string, StoredTensor> = {};
    for (const [name, values] of Object.entries(this.sgd.exportState())) {
      velocity[name] = { shape: this.weights.get(name)?.shape ?? [], values };
    }
    return {
      step,
      workers,
      data: {
        seed: this.recipe.seed,
        epoch: Math.floor(step / stepsPerEpoch),
        index: (step % stepsPerEpoch) * this.recipe.batchSize,
      },
      recipe: this.recipe,
      plateau: { ...this.plateau.state },
      weights,
      velocity,
    };
  }

  /** Loads weights, velocity and plateau state from `ckpt`. */
  restore(ckpt: Checkpoint): void {
    for (const [name, v] of this.weights) {
      const t = ckpt.weights[name];
      if (t === undefined || t.values.length !== v.size) {
        throw new RecipeError(
          `resume: checkpoint must hold ${name} with ${v.size} values; ` +
            `got ${t?.values.length ?? 'none'}`,
        );
      }
      tf.tidy(() => v.assign(tf.tensor(t.values, v.shape, 'float32')));
    }
    this.sgd.importState(
      Object.fromEntries(
        Object.entries(ckpt.velocity).map(([k, t]) => [k, t.values]),
      ),
    );
    this.plateau.state = { ...ckpt.plateau };
  }

  /** The weights, copied, by name. */
  copyWeights(): Record<string, Float32Array> {
    return Object.fromEntries(
      [...this.weights].map(([k, v]) => [k, v.dataSync() as Float32Array]),
    );
  }

  dispose(): void {
    this.sgd.dispose();
    this.model.dispose();
  }
}
