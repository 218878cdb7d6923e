/** Test-set evaluation and the step-0 per-layer statistics. */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import type { BatchSource } from '../data/source.js';
import type { TrainableModel } from './trainable.js';
import { crossEntropy, topKCorrect } from '../optim/loss.js';

export interface Evaluation {
  readonly loss: number;
  readonly top1: number;
  readonly top5: number;
}

/** Summed loss and correct counts over some images of a test set. */
export interface EvaluationSums {
  readonly loss: number;
  readonly top1: number;
  readonly top5: number;
  readonly count: number;
}

/**
 * Summed loss and top-1 / top-5 hits over images [from, to) of `source`
 * (default: all of it), in batches of `batchSize`.
 */
export async function evaluationSums(
  model: TrainableModel,
  source: BatchSource,
  from = 0,
  to = source.count,
  batchSize = 250,
): Promise<EvaluationSums> {
  let loss = 0;
  let top1 = 0;
  let top5 = 0;
  for (let start = from; start < to; start += batchSize) {
    const n = Math.min(batchSize, to - start);
    const idx = Array.from({ length: n }, (_, i) => start + i);
    const b = await source.batch(idx, { epoch: 0, training: false });
    const logits = tf.tidy(() =>
      model.logits(tf.tensor4d(b.x, b.shape), false),
    );
    const labels = tf.tensor1d(b.labels, 'int32');
    const l = crossEntropy(logits, labels);
    loss += (l.dataSync()[0] as number) * n;
    const values = logits.dataSync() as Float32Array;
    top1 += topKCorrect(values, b.labels, logits.shape[1], 1);
    top5 += topKCorrect(values, b.labels, logits.shape[1], 5);
    tf.dispose([logits, labels, l]);
  }
  return { loss, top1, top5, count: Math.max(0, to - from) };
}

/** Means of summed evaluations. */
export function evaluationOf(sums: EvaluationSums): Evaluation {
  return {
    loss: sums.loss / sums.count,
    top1: sums.top1 / sums.count,
    top5: sums.top5 / sums.count,
  };
}

/** Mean loss and top-1 / top-5 accuracy over the whole of `source`. */
export async function evaluate(
  model: TrainableModel,
  source: BatchSource,
  batchSize = 250,
): Promise<Evaluation> {
  return evaluationOf(
    await evaluationSums(model, source, 0, source.count, batchSize),
  );
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
