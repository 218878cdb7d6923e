// onnx-proto is CommonJS whose named exports Node cannot detect, so the
// namespace is taken from the default (module.exports) import.
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
export type { onnx as OnnxProto } from 'onnx-proto';

/** An int64 field as a number: protobufjs gives a number or a Long. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && 'toNumber' in value) {
    const f = (value as { toNumber: () => number }).toNumber;
    return f.call(value);
  }
  return Number(value ?? 0);
}
