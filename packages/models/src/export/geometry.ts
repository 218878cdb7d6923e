/**
 * Padding and layout arithmetic of the export: tfjs's 'same' padding as
 * explicit ONNX pads, HWIO -> OIHW, and the NHWC -> NCHW flatten order.
 */

/** [top, left, bottom, right]: ONNX's pads of a 2-D window. */
export type Pads2D = [number, number, number, number];

/**
 * The explicit pads tfjs (TensorFlow) uses for a window of `kernel` with
 * `stride` and `dilation` over `size` pixels: none for 'valid'; for
 * 'same' the output is ceil(size / stride) and the total padding
 * (out - 1) * stride + (kernel - 1) * dilation + 1 - size is split with
 * the odd pixel after (ONNX's SAME_UPPER).
 */
export function samePads(
  padding: string,
  size: readonly [number, number],
  kernel: readonly [number, number],
  stride: readonly [number, number],
  dilation: readonly [number, number] = [1, 1],
): Pads2D {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding !== 'same') {
    throw new RangeError(
      `exportOnnx: padding must be same or valid; got ${padding}`,
    );
  }
  const along = (i: 0 | 1) => {
    const out = Math.ceil(size[i] / stride[i]);
    const span = (kernel[i] - 1) * dilation[i] + 1;
    return Math.max((out - 1) * stride[i] + span - size[i], 0);
  };
  const h = along(0);
  const w = along(1);
  const top = Math.floor(h / 2);
  const left = Math.floor(w / 2);
  return [top, left, h - top, w - left];
}

/** Elementwise sum of two pads. */
export function addPads(a: Pads2D, b: Pads2D): Pads2D {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]];
}

/** A tfjs conv kernel [kh, kw, cin, cout] (HWIO) as OIHW [cout, cin, kh, kw]. */
export function hwioToOihw(
  values: Float32Array,
  shape: readonly number[],
): { values: Float32Array; shape: number[] } {
  const [kh = 0, kw = 0, ci = 0, co = 0] = shape;
  const out = new Float32Array(values.length);
  for (let h = 0; h < kh; h++) {
    for (let w = 0; w < kw; w++) {
      for (let i = 0; i < ci; i++) {
        const from = ((h * kw + w) * ci + i) * co;
        for (let o = 0; o < co; o++) {
          out[((o * ci + i) * kh + h) * kw + w] = values[from + o]!;
        }
      }
    }
  }
  return { values: out, shape: [co, ci, kh, kw] };
}

/**
 * A tfjs Dense kernel [in, out] as Gemm's B for transB = 1: [out, in].
 * With `flattened` = [h, w, c], the rows are in tfjs's NHWC flatten order
 * (h, w, c) and are reordered to (c, h, w), the order ONNX's Flatten of an
 * NCHW tensor gives (and torchvision's and Caffe's fc6 weights have).
 */
export function denseToOutIn(
  values: Float32Array,
  shape: readonly number[],
  flattened?: readonly [number, number, number],
): { values: Float32Array; shape: number[] } {
  const [inputs = 0, units = 0] = shape;
  const [h, w, c] = flattened ?? [1, 1, inputs];
  if (h * w * c !== inputs) {
    throw new RangeError(
      `exportOnnx: dense inputs must equal the flattened ${h}x${w}x${c}; ` +
        `got ${inputs}`,
    );
  }
  const out = new Float32Array(values.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) {
        const row = ((y * w + x) * c + k) * units;
        const col = (k * h + y) * w + x;
        for (let o = 0; o < units; o++) {
          out[o * inputs + col] = values[row + o]!;
        }
      }
    }
  }
  return { values: out, shape: [units, inputs] };
}
