/**
 * A training recipe: everything that decides a run, in one typed object.
 * Units are in the comments; `defaultRecipe()` holds every default.
 */

/** One per-layer init rule; the first rule whose fields all match wins. */
export interface InitRule {
  /** Glob (`*`, `?`) on the weight name, e.g. `fc*` or `conv1/bias`. */
  name?: string;
  /** `kernel` (conv and dense weights) or `bias`. */
  role?: 'kernel' | 'bias';
  /** Scheme name or alias of @zoo/init. */
  scheme: string;
  options?: Record<string, number | string | boolean>;
}

export interface ModelSection {
  /** A zoo architecture (`architectureNames()`) or `convnet` (see model.ts). */
  architecture: string;
  /** Options of the architecture; checked by the builder. */
  options: Record<string, unknown>;
  /** An ONNX file to train instead; '' for none (not implemented yet). */
  onnx: string;
}

export interface InitSection {
  /** Scheme of conv and dense kernels. */
  scheme: string;
  options: Record<string, number | string | boolean>;
  /** Scheme of biases: zeros unless a rule says otherwise. */
  bias: string;
  biasOptions: Record<string, number | string | boolean>;
  /** Integer seed of the weights; a weight depends on (seed, its name). */
  seed: number;
  rules: InitRule[];
}

export interface DataSection {
  kind: 'idx' | 'cifar10' | 'folder';
  /** idx: image and label files, gzipped or raw. */
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
  /** cifar10 / folder: the root folder. */
  folder: string;
  /** Per-channel mean and std of pixels scaled to [0, 1]. */
  mean: number[];
  std: number[];
  /** Batch layout handed to the model; zoo models take NHWC. */
  layout: 'NHWC' | 'NCHW';
  /**
   * Use only n training / test images; 0 = all. idx, cifar10: the first n;
   * folder: n spread evenly over the sorted files.
   */
  trainLimit: number;
  testLimit: number;
  /** folder: the shorter side is scaled to this many pixels (bilinear). */
  resize: number;
  /** folder: side of the square crop, pixels (random in training). */
  crop: number;
  /** folder: mirror training crops with probability 1/2. */
  flip: boolean;
  /** folder: decoding threads; 0 = the calling thread, -1 = min(4, cores). */
  decodeThreads: number;
}

export interface OptimizerSection {
  kind: 'sgd';
  /** Base learning rate, per step. */
  lr: number;
  momentum: number;
  /** L2 coefficient added to the gradient (d = g + wd * w). */
  weightDecay: number;
  nesterov: boolean;
  /** Apply weight decay to biases too. */
  decayBiases: boolean;
}

export interface ScheduleSection {
  kind: 'constant' | 'step' | 'multistep' | 'cosine' | 'plateau';
  /** Linear warmup from 0 to lr over this many steps. */
  warmupSteps: number;
  /** step: multiply by gamma every stepEpochs epochs. */
  stepEpochs: number;
  /** multistep: multiply by gamma at each of these epochs. */
  milestones: number[];
  gamma: number;
  /** cosine: the lr at the last step. */
  minLr: number;
  /** plateau: evals without improvement of the test loss before decay. */
  patience: number;
  /** plateau: at most this many decays (by gamma); 0 = unlimited. */
  maxDecays: number;
}

export interface Recipe {
  name: string;
  model: ModelSection;
  init: InitSection;
  data: DataSection;
  optimizer: OptimizerSection;
  schedule: ScheduleSection;
  /** Passes over the training set. */
  epochs: number;
  /** Images per step. */
  batchSize: number;
  /** Integer seed of the data order. */
  seed: number;
  /** Stop after this many steps; 0 = epochs decide. */
  maxSteps: number;
  /** Evaluate on the test set every n steps; 0 = at the end only. */
  evalEvery: number;
  /** Log a line every n steps. */
  logEvery: number;
  /** Checkpoint every n steps into checkpointDir; 0 = at the end only. */
  checkpointEvery: number;
  /** '' = no checkpoints. */
  checkpointDir: string;
}
