/**
 * A grouped 2-D convolution (Krizhevsky et al. 2012's two GPU columns;
 * Caffe's `group`, ONNX Conv's `group` attribute). tfjs-layers' Conv2D has
 * no groups, so this layer holds one kernel [kh, kw, cin / groups, cout]
 * (the HWIO view of Caffe's and ONNX's [cout, cin / groups, kh, kw] blob,
 * so import and export stay one transpose) and one bias [cout], and
 * computes each group as its own convolution on its slice of the channels:
 * output channels [g * cout / groups, (g + 1) * cout / groups) see input
 * channels [g * cin / groups, (g + 1) * cin / groups) only.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  initializers,
  layers,
  type LayerVariable,
  type Shape,
} from '@tensorflow/tfjs-layers';

/** Weight initializers a zoo layer accepts by name. */
export type InitializerName = 'glorotUniform' | 'zeros';

export interface GroupedConv2DArgs {
  filters: number;
  kernelSize: number;
  groups: number;
  strides?: number;
  padding?: 'same' | 'valid';
  kernelInitializer?: InitializerName;
  name?: string;
}

function initializer(
  name: InitializerName,
): ReturnType<typeof initializers.zeros> {
  return name === 'zeros'
    ? initializers.zeros()
    : initializers.glorotUniform({});
}

function outputLength(
  n: number | null,
  k: number,
  s: number,
  same: boolean,
): number | null {
  if (n === null) return null;
  return same ? Math.ceil(n / s) : Math.ceil((n - k + 1) / s);
}

export class GroupedConv2D extends layers.Layer {
  static readonly className = 'ZooGroupedConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly groups: number;
  readonly strides: number;
  readonly padding: 'same' | 'valid';
  readonly kernelInitializer: InitializerName;
  private kernel: LayerVariable | null = null;
  private bias: LayerVariable | null = null;

  constructor(args: GroupedConv2DArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    const { filters, groups } = args;
    if (!Number.isInteger(groups) || groups < 1 || filters % groups !== 0) {
      throw new Error(
        `GroupedConv2D: groups must be a positive divisor of filters ` +
          `(${filters}); got ${groups}`,
      );
    }
    this.filters = filters;
    this.kernelSize = args.kernelSize;
    this.groups = groups;
    this.strides = args.strides ?? 1;
    this.padding = args.padding ?? 'valid';
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (
      Array.isArray(inputShape[0]) ? inputShape[0] : inputShape
    ) as Shape;
    const channels = shape[3] ?? 0;
    if (channels % this.groups !== 0) {
      throw new Error(
        `GroupedConv2D: input channels must be divisible by groups ` +
          `(${this.groups}); got ${channels}`,
      );
    }
    const k = this.kernelSize;
    this.kernel = this.addWeight(
      'kernel',
      [k, k, channels / this.groups, this.filters],
      'float32',
      initializer(this.kernelInitializer),
    );
    this.bias = this.addWeight(
      'bias',
      [this.filters],
      'float32',
      initializers.zeros(),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (
      Array.isArray(inputShape[0]) ? inputShape[0] : inputShape
    ) as Shape;
    const same = this.padding === 'same';
    const [n, h, w] = shape;
    const k = this.kernelSize;
    return [
      n ?? null,
      outputLength(h ?? null, k, this.strides, same),
      outputLength(w ?? null, k, this.strides, same),
      this.filters,
    ];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    if (this.kernel === null || this.bias === null) {
      throw new Error(
        `GroupedConv2D: layer ${this.name} must be built before call; ` +
          'got an unbuilt layer',
      );
    }
    const kernel = this.kernel.read() as tf.Tensor4D;
    const bias = this.bias.read() as tf.Tensor1D;
    return tf.tidy(() => {
      const xs = tf.split(x, this.groups, 3);
      const ws = tf.split(kernel, this.groups, 3);
      const bs = tf.split(bias, this.groups, 0);
      const ys = xs.map((xg, g) =>
        tf.fused.conv2d({
          x: xg as tf.Tensor4D,
          filter: ws[g] as tf.Tensor4D,
          strides: this.strides,
          pad: this.padding,
          bias: bs[g],
        }),
      );
      return this.groups === 1 ? (ys[0] as tf.Tensor) : tf.concat(ys, 3);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      groups: this.groups,
      strides: this.strides,
      padding: this.padding,
      kernelInitializer: this.kernelInitializer,
    };
  }
}
tf.serialization.registerClass(GroupedConv2D);
