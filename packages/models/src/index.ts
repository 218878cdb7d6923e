export {
  defaultBackendOrder,
  useBestBackend,
  useWasmBackend,
  type BackendCandidate,
  type BackendOptions,
} from './backend/use-best-backend.js';
export {
  registerWasmKernels,
  wasmGradientKernels,
} from './backend/register-wasm-kernels.js';
export { gradientsRegistered } from './backend/tfjs-gradients.js';
// The wasm convolution paths one by one, for bench/conv-layers.ts and
// direct use; the registered kernels choose between them.
export {
  convGeometry,
  type ConvGeometry,
} from './backend/kernels/conv-geometry.js';
export { conv2dBackpropFilterBlocked as im2colFilterGradient } from './backend/kernels/conv2d-backprop-filter.js';
export {
  winogradConv2d,
  winogradFilterGradient,
  winogradFilterPays,
  winogradForwardPays,
  winogradShape,
  type Epilogue,
} from './backend/kernels/winograd.js';
export { wasmBinaryFolder } from './backend/wasm-path.js';
export {
  architectureNames,
  architectureSpec,
  buildArchitecture,
  type ArchitectureSpec,
} from './architectures/registry.js';
export {
  inputPresets,
  type Activation,
  type ArchitectureOptions,
  type InputPreset,
} from './architectures/options.js';
export { alexNet } from './architectures/alexnet.js';
export { alexNetTwoColumn } from './architectures/alexnet-two-column.js';
export { mlp } from './architectures/mlp.js';
export { overFeatAccurate } from './architectures/overfeat-accurate.js';
export { overFeatFast } from './architectures/overfeat-fast.js';
export { vgg, vggBlocks, type VggConfiguration } from './architectures/vgg.js';
export { LocalResponseNormalization, lrn, type LrnArgs } from './layers/lrn.js';
export {
  GroupedConv2D,
  type GroupedConv2DArgs,
  type InitializerName,
} from './layers/grouped-conv2d.js';
export { ZooInputError, ZooNotImplementedError } from './errors.js';
export {
  EXPORT_VERSIONS,
  encodeOnnx,
  exportOnnx,
  exportableLayers,
  type EncodedOnnx,
  type ExportOptions,
  type ExportResult,
  type ExportedTensor,
} from './export/index.js';
export { importOnnx, type ImportOptions } from './import/import-onnx.js';
export { OnnxTfModel } from './import/onnx-tf-model.js';
export {
  saveOnnx,
  type SaveOnnxOptions,
  type SaveOnnxResult,
} from './import/save-onnx.js';
export {
  findConverter,
  registerConverter,
  registeredConverters,
  type Converter,
  type ConverterSpec,
  type ConvertContext,
  type NodeRun,
} from './import/registry.js';
export { OnnxNode } from './import/node.js';
export { supportedOpsTable } from './import/op-table.js';
