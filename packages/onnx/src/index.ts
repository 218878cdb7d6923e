export type { Activation } from './activation.js';
export type { DataTypeName, DataField } from './dtype.js';
export type { FillChunk, Replacement } from './encode.js';
export {
  OnnxArgumentError,
  OnnxFormatError,
  OnnxUnsupportedError,
} from './errors.js';
export type { ExternalData } from './external.js';
export {
  floatToBfloat,
  floatToHalf,
  halfToFloat,
  bfloatToFloat,
} from './half.js';
export {
  SUPPORTED,
  findTensor,
  parseModel,
  readModel,
  readTensor,
} from './model.js';
export type { OnnxModel, ParseOptions } from './model.js';
export type { TensorEntry, TensorStorage } from './tensor.js';
export type { TensorValues } from './values.js';
export { listWeights, weightSpec } from './weights.js';
export type { WeightConsumer, WeightInfo, WeightRole } from './weights.js';
export { writeModel } from './write.js';
export type { Replacements, WriteOptions, WriteResult } from './write.js';
export * from './reinit/index.js';
export {
  MAIN_SCHEMES,
  describeActivation,
  inspectModel,
  type InspectedWeight,
} from './inspect.js';
