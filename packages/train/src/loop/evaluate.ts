/** Test-set evaluation and the step-0 per-layer statistics. */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { makeBatch, type ImageSet } from '../data/dataset.js';
import { crossEntropy, topKCorrect } from '../optim/loss.js';
import type { Recipe } from '../recipe/types.js';

export interface Evaluation {
  readonly loss: number;
  readonly top1: number;
  readonly top5: number;
}

/** Mean loss and top-1 / top-5 accuracy over the whole of `set`. */
export function evaluate(
  model: LayersModel,
  set: ImageSet,
  recipe: Recipe,
  batchSize = 250,
): Evaluation {
  let loss = 0;
  let top1 = 0;
  let top5 = 0;
  const d = recipe.data;
  for (let start = 0; start < set.count; start += batchSize) {
    const n = Math.min(batchSize, set.count - start);
    const idx = Array.from({ length: n }, (_, i) => start + i);
    const b = makeBatch(set, idx, d.mean, d.std, d.layout);
    const logits = tf.tidy(() => {
      const x = tf.tensor4d(b.x, b.shape);
      return model.predict(x) as tf.Tensor2D;
    });
    const labels = tf.tensor1d(b.labels, 'int32');
    const l = crossEntropy(logits, labels);
    loss += (l.dataSync()[0] as number) * n;
    const values = logits.dataSync() as Float32Array;
    top1 += topKCorrect(values, b.labels, logits.shape[1], 1);
    top5 += topKCorrect(values, b.labels, logits.shape[1], 5);
    tf.dispose([logits, labels, l]);
  }
  return {
    loss: loss / set.count,
    top1: top1 / set.count,
    top5: top5 / set.count,
  };
}

/** Standard deviation of all elements of `t`. */
export function tensorStd(t: tf.Tensor): number {
  return tf.tidy(() => {
    const { variance } = tf.moments(t);
    return Math.sqrt(variance.dataSync()[0] as number);
  });
}

/**
 * The std of the output of every layer that has weights, in a forward
 * pass of `x` (training mode), by layer name. BatchNorm moving statistics,
 * which a training-mode pass updates, are put back afterwards.
 */
export function activationStds(
  model: LayersModel,
  x: tf.Tensor,
): Map<string, number> {
  const out = new Map<string, number>();
  const kept = model.nonTrainableWeights.map(
    (w) => [w, tf.clone(w.read())] as const,
  );
  tf.tidy(() => {
    let h = x;
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') {
        continue;
      }
      h = layer.apply(h, { training: true }) as tf.Tensor;
      if (layer.weights.length > 0) {
        out.set(layer.name, tensorStd(h));
      }
    }
  });
  for (const [w, value] of kept) {
    w.write(value);
    value.dispose();
  }
  return out;
}
