export type {
  DataSection,
  InitRule,
  InitSection,
  ModelSection,
  OptimizerSection,
  Recipe,
  ScheduleSection,
} from './recipe/types.js';
export { defaultRecipe } from './recipe/defaults.js';
export { RecipeError } from './recipe/errors.js';
export { resolveRecipe } from './recipe/validate.js';
export {
  applySets,
  loadRecipe,
  parseOverride,
  parseRecipeText,
} from './recipe/load.js';
export {
  IDX_IMAGES,
  IDX_LABELS,
  parseIdx,
  readIdx,
  type IdxArray,
} from './data/idx.js';
export {
  loadIdxSet,
  makeBatch,
  type Batch,
  type ImageSet,
} from './data/dataset.js';
export { epochPermutation, shuffleKey } from './data/shuffle.js';
export { crossEntropy, topKCorrect } from './optim/loss.js';
export {
  learningRate,
  PlateauTracker,
  type PlateauState,
  type ScheduleContext,
} from './optim/schedule.js';
export { Sgd, type SgdOptions, type SgdParameter } from './optim/sgd.js';
export {
  readCheckpoint,
  writeCheckpoint,
  type Checkpoint,
  type DataPosition,
  type StoredTensor,
} from './loop/checkpoint.js';
export {
  closeTrainingData,
  openTrainingData,
  type TrainingData,
} from './loop/data.js';
export {
  memorySource,
  type BatchRequest,
  type BatchSource,
} from './data/source.js';
export {
  evaluate,
  evaluationSums,
  type Evaluation,
  type EvaluationSums,
} from './loop/evaluate.js';
export {
  globMatch,
  initialiseWeights,
  type InitPlanEntry,
} from './loop/init-weights.js';
export {
  formatRecord,
  jsonLinesSink,
  type LogRecord,
  type LogSink,
} from './loop/log.js';
export { buildModel, convnet, type ConvnetOptions } from './loop/model.js';
export { checkResume } from './loop/resume.js';
export { namedWeights, TrainingSession } from './loop/session.js';
export { train, type TrainOptions, type TrainResult } from './loop/train.js';
export { MetricsError, readMetrics, type Metrics } from './report/metrics.js';
export { renderReport, type ReportOptions } from './report/render.js';
export type { ReportRun } from './report/summary.js';
export { writeTextAtomic } from './files.js';
export { loadCifar10Set } from './data/cifar10.js';
export { decodeImage, type RgbImage } from './data/decode.js';
export { scanImageFolder, type ImageFolder } from './data/folder.js';
export {
  folderSource,
  type FolderSourceOptions,
} from './data/folder-source.js';
