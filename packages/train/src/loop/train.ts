/**
 * The single-process training loop: resolved recipe printed, data loaded
 * and checked, model built and initialised, SGD steps over (seed,
 * epoch)-determined batches, evaluation, checkpoints and exact resume.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { useBestBackend, type BackendCandidate } from '@zoo/models';

import { makeBatch } from '../data/dataset.js';
import { epochPermutation } from '../data/shuffle.js';
import { crossEntropy } from '../optim/loss.js';
import { learningRate, PlateauTracker } from '../optim/schedule.js';
import { Sgd, type SgdParameter } from '../optim/sgd.js';
import type { Recipe } from '../recipe/types.js';
import {
  readCheckpoint,
  writeCheckpoint,
  type StoredTensor,
} from './checkpoint.js';
import { loadTrainingData } from './data.js';
import {
  activationStds,
  evaluate,
  tensorStd,
  type Evaluation,
} from './evaluate.js';
import { initialiseWeights } from './init-weights.js';
import { formatRecord, type LogRecord, type LogSink } from './log.js';
import { buildModel } from './model.js';

export interface TrainOptions {
  /** Each log line and its record; default: lines to stdout. */
  onLog?: LogSink;
  /** A checkpoint to continue from (its weights, velocity, step, data position). */
  resume?: string;
  /** Backends to try; default @zoo/models' order. */
  backends?: readonly BackendCandidate[];
  /** Return the final weights (copied) in the result. */
  keepWeights?: boolean;
}

export interface TrainResult {
  readonly steps: number;
  readonly backend: string;
  readonly trainLoss: number;
  /** Undefined without test data. */
  readonly test: Evaluation | undefined;
  readonly imagesPerSecond: number;
  readonly checkpoint: string | undefined;
  readonly weights: Record<string, Float32Array> | undefined;
}

/** Every weight of `model` by `<layer>/<weight>` (conv1/kernel). */
export function namedWeights(model: LayersModel): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  for (const layer of model.layers) {
    for (const w of layer.weights) {
      const base = (w.originalName.split('/').pop() ?? w.name).replace(
        /_\d+$/,
        '',
      );
      out.set(`${layer.name}/${base}`, w.read() as tf.Variable);
    }
  }
  return out;
}

export async function train(
  recipe: Recipe,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const sink: LogSink = options.onLog ?? ((line) => console.log(line));
  const log = (r: LogRecord): void => sink(formatRecord(r), r);
  log({ kind: 'config', recipe });

  const data = loadTrainingData(recipe);
  const backend = await useBestBackend(
    options.backends === undefined ? {} : { order: options.backends },
  );
  const spe = Math.floor(data.train.count / recipe.batchSize);
  const epochSteps = recipe.epochs * spe;
  const totalSteps =
    recipe.maxSteps > 0 ? Math.min(recipe.maxSteps, epochSteps) : epochSteps;
  log({
    kind: 'setup',
    what: 'data',
    train: data.train.count,
    test: data.test?.count ?? 0,
    image: `${data.train.height}x${data.train.width}x${data.train.channels}`,
    stepsPerEpoch: spe,
    totalSteps,
    backend,
  });

  const model = buildModel(recipe);
  const plan = initialiseWeights(model, recipe.init);
  for (const p of plan) {
    log({
      kind: 'setup',
      what: 'init',
      weight: p.name,
      shape: p.shape.join('x'),
      layout: p.layout,
      scheme: p.scheme,
      std: p.targetStd.toExponential(3),
    });
  }
  const weights = namedWeights(model);
  const trainable = new Set(model.trainableWeights.map((w) => w.read()));
  const params: SgdParameter[] = [...weights]
    .filter(([, v]) => trainable.has(v))
    .map(([name, variable]) => ({
      name,
      variable,
      decay: recipe.optimizer.decayBiases || variable.rank > 1,
    }));
  const sgd = new Sgd(params, recipe.optimizer);
  const plateau = new PlateauTracker(
    recipe.schedule.patience,
    recipe.schedule.maxDecays,
  );

  let step = 0;
  if (options.resume !== undefined) {
    const ckpt = readCheckpoint(options.resume);
    restore(weights, ckpt.weights);
    sgd.importState(
      Object.fromEntries(
        Object.entries(ckpt.velocity).map(([k, t]) => [k, t.values]),
      ),
    );
    plateau.state = { ...ckpt.plateau };
    step = ckpt.step;
    log({
      kind: 'setup',
      what: 'resume',
      path: options.resume,
      step,
      epoch: ckpt.data.epoch,
      index: ckpt.data.index,
    });
  }

  const d = recipe.data;
  let order = epochPermutation(
    data.train.count,
    recipe.seed,
    Math.floor(step / spe),
  );
  let orderEpoch = Math.floor(step / spe);
  let intervalLoss = 0;
  let intervalSteps = 0;
  let intervalStart = performance.now();
  const runStart = performance.now();
  const firstStep = step;
  let lastLoss = NaN;
  let test: Evaluation | undefined;
  let checkpoint: string | undefined;
  const varList = params.map((p) => p.variable);

  const saveAt = (s: number): void => {
    if (recipe.checkpointDir === '') {
      return;
    }
    mkdirSync(recipe.checkpointDir, { recursive: true });
    const path = join(
      recipe.checkpointDir,
      `step-${String(s).padStart(8, '0')}.zckpt`,
    );
    const read = (
      m: Map<string, tf.Tensor> | Record<string, Float32Array>,
    ): Record<string, StoredTensor> => {
      const out: Record<string, StoredTensor> = {};
      if (m instanceof Map) {
        for (const [k, v] of m)
          out[k] = { shape: v.shape, values: v.dataSync() as Float32Array };
      } else {
        for (const [k, v] of Object.entries(m))
          out[k] = { shape: weights.get(k)?.shape ?? [v.length], values: v };
      }
      return out;
    };
    writeCheckpoint(path, {
      step: s,
      data: {
        seed: recipe.seed,
        epoch: Math.floor(s / spe),
        index: (s % spe) * recipe.batchSize,
      },
      recipe,
      plateau: plateau.state,
      weights: read(weights),
      velocity: read(sgd.exportState()),
    });
    checkpoint = path;
    log({ kind: 'checkpoint', step: s, path });
  };

  const runEval = (s: number): void => {
    if (data.test === undefined) {
      return;
    }
    test = evaluate(model, data.test, recipe);
    log({
      kind: 'eval',
      step: s,
      epoch: s / spe,
      loss: test.loss,
      top1: test.top1,
      top5: test.top5,
    });
  };

  for (; step < totalSteps; step++) {
    const epoch = Math.floor(step / spe);
    if (epoch !== orderEpoch) {
      order = epochPermutation(data.train.count, recipe.seed, epoch);
      orderEpoch = epoch;
    }
    const at = (step % spe) * recipe.batchSize;
    const b = makeBatch(
      data.train,
      order.subarray(at, at + recipe.batchSize),
      d.mean,
      d.std,
      d.layout,
    );
    const x = tf.tensor4d(b.x, b.shape);
    const y = tf.tensor1d(b.labels, 'int32');
    const lr = learningRate(recipe.schedule, step, {
      lr: recipe.optimizer.lr,
      stepsPerEpoch: spe,
      totalSteps,
      decays: plateau.state.decays,
    });
    const { value, grads } = tf.variableGrads(
      () => crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y),
      varList,
    );
    if (step === 0) {
      const acts = activationStds(model, x);
      for (const [layer, std] of acts) {
        const g =
          grads[
            params.find(
              (p) => p.name.startsWith(`${layer}/`) && p.variable.rank > 1,
            )?.variable.name ?? ''
          ];
        log({
          kind: 'layer',
          layer,
          activationStd: std,
          gradientStd: g === undefined ? NaN : tensorStd(g),
        });
      }
    }
    const byName: Record<string, tf.Tensor> = {};
    for (const p of params) {
      byName[p.name] = grads[p.variable.name] as tf.Tensor;
    }
    sgd.step(byName, lr);
    lastLoss = value.dataSync()[0] as number;
    tf.dispose([x, y, value, ...Object.values(grads)]);
    intervalLoss += lastLoss;
    intervalSteps++;

    const done = step + 1;
    if (done % recipe.logEvery === 0 || done === totalSteps) {
      const now = performance.now();
      const secondsPerStep = (now - intervalStart) / 1000 / intervalSteps;
      log({
        kind: 'step',
        step: done,
        totalSteps,
        epoch: Math.floor(step / spe),
        loss: intervalLoss / intervalSteps,
        lr,
        imagesPerSecond: recipe.batchSize / secondsPerStep,
        etaSeconds: (totalSteps - done) * secondsPerStep,
      });
      intervalLoss = 0;
      intervalSteps = 0;
      intervalStart = now;
    }
    if (
      recipe.evalEvery > 0 &&
      done % recipe.evalEvery === 0 &&
      done !== totalSteps
    ) {
      runEval(done);
      if (recipe.schedule.kind === 'plateau' && test !== undefined) {
        plateau.update(test.loss);
      }
    }
    if (
      recipe.checkpointEvery > 0 &&
      done % recipe.checkpointEvery === 0 &&
      done !== totalSteps
    ) {
      saveAt(done);
    }
  }
  const seconds = (performance.now() - runStart) / 1000;
  runEval(totalSteps);
  saveAt(totalSteps);

  const kept =
    options.keepWeights === true
      ? Object.fromEntries(
          [...weights].map(([k, v]) => [k, v.dataSync() as Float32Array]),
        )
      : undefined;
  sgd.dispose();
  model.dispose();
  return {
    steps: totalSteps,
    backend,
    trainLoss: lastLoss,
    test,
    imagesPerSecond: ((totalSteps - firstStep) * recipe.batchSize) / seconds,
    checkpoint,
    weights: kept,
  };
}

function restore(
  weights: Map<string, tf.Variable>,
  stored: Readonly<Record<string, StoredTensor>>,
): void {
  for (const [name, v] of weights) {
    const t = stored[name];
    if (t === undefined || t.values.length !== v.size) {
      throw new Error(
        `train: checkpoint must hold ${name} with ${v.size} values; got ${t?.values.length ?? 'none'}`,
      );
    }
    v.assign(tf.tensor(t.values, v.shape, 'float32'));
  }
}
