/**
 * A file that is not a valid ONNX model, or whose tensors or external data
 * are inconsistent or unsafe. `path` is the file the problem is in.
 */
export class OnnxFormatError extends Error {
  override readonly name = 'OnnxFormatError';
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

/** A call with a bad argument: unknown tensor, wrong length, bad output. */
export class OnnxArgumentError extends Error {
  override readonly name = 'OnnxArgumentError';
}

/** Valid ONNX that this package does not handle (yet). */
export class OnnxUnsupportedError extends Error {
  override readonly name = 'OnnxUnsupportedError';
}

const warned = new Set<string>();

/** Emits a process warning once per distinct message. */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, { code: 'ZOO_ONNX' });
}
