import { InferenceSession, Tensor } from 'onnxruntime-node';

/**
 * Runs a zoo model (input `input` [1, 3, 224, 224]) in onnxruntime on a
 * fixed ramp image and returns `logits` with its dims.
 */
export async function runLogits(
  path: string,
): Promise<{ dims: readonly number[]; data: Float32Array }> {
  const session = await InferenceSession.create(path, {
    logSeverityLevel: 3,
  });
  try {
    const n = 3 * 224 * 224;
    const image = Float32Array.from(
      { length: n },
      (_, i) => ((i % 97) - 48) / 48,
    );
    const result = await session.run({
      input: new Tensor('float32', image, [1, 3, 224, 224]),
    });
    const logits = result.logits;
    if (logits === undefined)
      throw new Error('runLogits: model must output `logits`');
    return { dims: logits.dims, data: logits.data as Float32Array };
  } finally {
    await session.release();
  }
}
