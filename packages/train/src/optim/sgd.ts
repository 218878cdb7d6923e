/**
 * Stochastic gradient descent with momentum and weight decay, in PyTorch's
 * formulation (torch.optim.SGD, dampening 0):
 *
 *   d = g + weightDecay * w
 *   v = momentum * v + d            (v starts at 0, so v_1 = d_1)
 *   w = w - lr * (nesterov ? d + momentum * v : v)
 *
 * The velocity buffers are tfjs variables of our own, so the whole state
 * is readable (`exportState`) and restorable (`importState`).
 */
import * as tf from '@tensorflow/tfjs-core';

import { RecipeError } from '../recipe/errors.js';

export interface SgdOptions {
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
}

export interface SgdParameter {
  readonly name: string;
  readonly variable: tf.Variable;
  /** False to skip weight decay (biases, when so configured). */
  readonly decay: boolean;
}

export class Sgd {
  private readonly velocity = new Map<string, tf.Variable>();

  constructor(
    readonly parameters: readonly SgdParameter[],
    readonly options: SgdOptions,
  ) {
    for (const p of parameters) {
      this.velocity.set(p.name, tf.variable(tf.zerosLike(p.variable), false));
    }
  }

  /** One update with gradients by parameter name. */
  step(grads: Readonly<Record<string, tf.Tensor>>, lr: number): void {
    const { momentum: mu, weightDecay: wd, nesterov } = this.options;
    for (const p of this.parameters) {
      const g = grads[p.name];
      if (g === undefined) {
        throw new RecipeError(`Sgd.step: gradient of ${p.name} must be given`);
      }
      tf.tidy(() => {
        const w = p.variable;
        const d = p.decay && wd !== 0 ? tf.add(g, tf.mul(wd, w)) : g;
        let update = d;
        if (mu !== 0) {
          const v = this.velocity.get(p.name) as tf.Variable;
          v.assign(tf.add(tf.mul(mu, v), d));
          update = nesterov ? tf.add(d, tf.mul(mu, v)) : v;
        }
        w.assign(tf.sub(w, tf.mul(lr, update)));
      });
    }
  }

  /** The velocity buffers, copied, by parameter name. */
  exportState(): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    for (const [name, v] of this.velocity) {
      // dataSync returns the cpu backend's own array; slice copies it.
      out[name] = (v.dataSync() as Float32Array).slice();
    }
    return out;
  }

  importState(state: Readonly<Record<string, Float32Array>>): void {
    for (const [name, v] of this.velocity) {
      const values = state[name];
      if (values === undefined || values.length !== v.size) {
        throw new RecipeError(
          `Sgd.importState: velocity of ${name} must have ${v.size} values; ` +
            `got ${values?.length ?? 'none'}`,
        );
      }
      // tidy frees the temporary tensor; the variable keeps its data.
      tf.tidy(() => v.assign(tf.tensor(values, v.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const v of this.velocity.values()) {
      v.dispose();
    }
  }
}
