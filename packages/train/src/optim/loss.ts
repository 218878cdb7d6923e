/** Softmax cross-entropy and top-k accuracy. */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean over the batch of log(sum_j exp(z_j)) - z_label: the negative log
 * likelihood of the softmax of `logits` [batch, classes].
 */
export function crossEntropy(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const picked = tf.sum(tf.mul(logits, tf.oneHot(labels, classes)), 1);

    return tf.mean(tf.sub(tf.logSumExp(logits, 1), picked));
  });
}

/**
 * How many rows of `logits` [batch, classes] rank their label among the
 * top k: fewer than k logits strictly greater than the label's (ties
 * count in the label's favour).
 */
export function topKCorrect(
  logits: Float32Array,
  labels: ArrayLike<number>,
  classes: number,
  k: number,
): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = i * classes;
    const target = logits[row + (labels[i] as number)] as number;
    let above = 0;
    for (let j = 0; j < classes; j++) {
      if ((logits[row + j] as number) > target) {
        above++;
      }
    }
    if (above < k) {
      correct++;
    }
  }
  return correct;
}
