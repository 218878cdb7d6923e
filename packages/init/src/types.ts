/**
 * The order of axes in a weight tensor. Fans depend on it, so it is always
 * passed explicitly and never guessed from the shape.
 *
 * - `OIHW`: ONNX Conv weight [C_out, C_in / group, k1, ..., kn].
 * - `IOHW`: ONNX ConvTranspose weight [C_in, C_out / group, k1, ..., kn].
 * - `HWIO`: tfjs conv kernel [k1, ..., kn, C_in, C_out].
 * - `HWCM`: tfjs depthwise kernel [k1, ..., kn, C_in, multiplier].
 * - `OI`: [out, in], as Gemm with transB = 1 and torch's Linear.
 * - `IO`: [in, out], as Gemm with transB = 0 and MatMul.
 * - `bias`: a 1-D vector [out]; its fans are those of the layer it belongs
 *   to and must be given by the caller (see `WeightSpec.fans`).
 */
export type Layout = 'OIHW' | 'IOHW' | 'HWIO' | 'HWCM' | 'OI' | 'IO' | 'bias';

/** A seed: an integer in [0, 2^64). Numbers must be safe integers. */
export type Seed = number | bigint;

/** Fan-in and fan-out of a weight, and the receptive field they include. */
export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
  readonly receptiveField: number;
}

/** Everything an initializer needs to know about one weight tensor. */
export interface WeightSpec {
  readonly shape: readonly number[];
  readonly layout: Layout;
  /** Convolution groups; 1 unless the layer is grouped. */
  readonly group?: number;
  /**
   * The stream key: a tensor's values depend only on (seed, key). Use a
   * stable name, such as the weight's name in the model.
   */
  readonly key: string;
  /** Fans of the owning layer; required for `bias`, optional otherwise. */
  readonly fans?: Fans;
}

/** The distribution of each element of a weight, as an initializer draws it. */
export type Distribution =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly std: number }
  | {
      readonly kind: 'truncated-normal';
      /** Mean and std of the normal before truncation. */
      readonly mean: number;
      readonly std: number;
      /** Bounds in std units around the mean, e.g. -2 and 2. */
      readonly lower: number;
      readonly upper: number;
    }
  | { readonly kind: 'orthogonal'; readonly gain: number }
  | { readonly kind: 'other'; readonly description: string };

/** A float array initializers fill in place. */
export type FloatArray = Float32Array | Float64Array;

/** A configured scheme, ready to fill weights. */
export interface Initializer {
  /** The scheme's canonical name, e.g. `he-normal`. */
  readonly scheme: string;
  /**
   * True when every element is drawn on its own from the stream, so any
   * range of elements can be filled (streaming big tensors in chunks).
   */
  readonly elementwise: boolean;
  /** The distribution each element of this weight follows. */
  describe(spec: WeightSpec): Distribution;
  /** The standard deviation the elements of this weight should have. */
  targetStd(spec: WeightSpec): number;
  /**
   * Fills elements [start, start + out.length) of the row-major flattened
   * weight. Initializers that are not elementwise require start 0 and
   * out.length equal to the weight's size.
   */
  fill(spec: WeightSpec, seed: Seed, out: FloatArray, start?: number): void;
}

/** One option a scheme takes, as the CLI and docs show it. */
export interface SchemeOption {
  readonly name: string;
  readonly type: 'number' | 'string' | 'boolean';
  readonly description: string;
  readonly default?: number | string | boolean;
  /** The allowed values of a string option. */
  readonly allowed?: readonly string[];
}

/** A named scheme of the literature, with what users need to choose it. */
export interface Scheme {
  readonly name: string;
  readonly aliases: readonly string[];
  /** One line: what it is. */
  readonly summary: string;
  /** The std, bound or construction, e.g. `std = gain / sqrt(fan_in)`. */
  readonly formula: string;
  /** Authors, year, title. */
  readonly citation: string;
  readonly options: readonly SchemeOption[];
  /** Validates options (unknown names are an error) and configures. */
  create(options?: Readonly<Record<string, unknown>>): Initializer;
}
