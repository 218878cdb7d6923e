/**
 * Local response normalization across channels, in Caffe's and ONNX's
 * convention (Krizhevsky, Sutskever, Hinton 2012, section 3.3; Caffe's
 * LRNLayer ACROSS_CHANNELS; ONNX LRN, opset 1 and 13):
 *
 *   y[n, h, w, c] = x[n, h, w, c] /
 *     (bias + alpha / size * sum_{c' in window(c)} x[n, h, w, c']^2)^beta
 *
 * with window(c) = [c - (size - 1) / 2, c + (size - 1) / 2] clipped to the
 * channels. TensorFlow's (and tfjs's) localResponseNormalization takes a
 * depth radius and does not divide alpha by the window size, so this layer
 * calls it with depthRadius = (size - 1) / 2 and alpha / size. Its gradient
 * is tfjs's LRNGrad, present on the cpu and wasm backends.
 *
 * Only odd sizes: ONNX's window for an even size is lopsided (floor below,
 * ceil above), which tfjs's symmetric radius cannot express.
 */
import * as tf from '@tensorflow/tfjs-core';
import { layers, type Shape } from '@tensorflow/tfjs-layers';

export interface LrnArgs {
  /** Channels in the window, odd; AlexNet uses 5. */
  size: number;
  /** Scale, divided by size in the formula; AlexNet uses 1e-4. */
  alpha: number;
  /** Exponent; AlexNet uses 0.75. */
  beta: number;
  /** Additive constant (Caffe's k); AlexNet uses 1 (the paper's k = 2). */
  bias: number;
  name?: string;
}

function checkArgs(args: LrnArgs): void {
  const { size, alpha, beta, bias } = args;
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0) {
    throw new Error(`lrn: size must be an odd positive integer; got ${size}`);
  }
  for (const [what, value] of Object.entries({ alpha, beta, bias })) {
    if (!Number.isFinite(value)) {
      throw new Error(`lrn: ${what} must be a finite number; got ${value}`);
    }
  }
}

/** The layer; build it with lrn(). */
export class LocalResponseNormalization extends layers.Layer {
  static readonly className = 'ZooLocalResponseNormalization';
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly bias: number;

  constructor(args: LrnArgs) {
    checkArgs(args);
    super(args.name === undefined ? {} : { name: args.name });
    this.size = args.size;
    this.alpha = args.alpha;
    this.beta = args.beta;
    this.bias = args.bias;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.localResponseNormalization(
      x,
      (this.size - 1) / 2,
      this.bias,
      this.alpha / this.size,
      this.beta,
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { size, alpha, beta, bias } = this;
    return { ...super.getConfig(), size, alpha, beta, bias };
  }
}
tf.serialization.registerClass(LocalResponseNormalization);

/**
 * An LRN layer in Caffe/ONNX semantics (alpha divided by size).
 *
 * @example
 *   lrn(5, 1e-4, 0.75, 1, 'norm1') // AlexNet's, as in bvlc_alexnet
 */
export function lrn(
  size: number,
  alpha: number,
  beta: number,
  bias: number,
  name?: string,
): LocalResponseNormalization {
  return new LocalResponseNormalization(
    name === undefined
      ? { size, alpha, beta, bias }
      : { size, alpha, beta, bias, name },
  );
}
