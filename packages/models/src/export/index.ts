export {
  encodeOnnx,
  exportOnnx,
  exportableLayers,
  writeAtomic,
  type EncodedOnnx,
  type ExportOptions,
  type ExportResult,
  type ExportedTensor,
} from './export-onnx.js';
export { EXPORT_VERSIONS } from './onnx-graph.js';
