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
