/**
 * The single-process training loop: resolved recipe printed, data loaded
 * and checked, model built and initialised, SGD steps over (seed,
 * epoch)-determined batches, evaluation, checkpoints and exact resume.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { useBestBackend, type BackendCandidate } from '@zoo/models';

import { makeBatch } from '../data/dataset.js';
import { epochPermutation } from '../data/shuffle.js';
import { crossEntropy } from '../optim/loss.js';
import { learningRate } from '../optim/schedule.js';
import type { Recipe } from '../recipe/types.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { loadTrainingData, type TrainingData } from './data.js';
import {
  activationStds,
  evaluate,
  tensorStd,
  type Evaluation,
} from './evaluate.js';
import { initialiseWeights } from './init-weights.js';
import { formatRecord, type LogRecord, type LogSink } from './log.js';
import { buildModel } from './model.js';
import { checkResume } from './resume.js';
import { TrainingSession } from './session.js';

export interface TrainOptions {
  /** Each log line and its record; default: lines to stdout. */
  onLog?: LogSink;
  /** A checkpoint to continue from (weights, velocity, step, data position). */
  resume?: string;
  /** Backends to try; default @zoo/models' order. */
  backends?: readonly BackendCandidate[];
  /** Return the final weights (copied) in the result. */
  keepWeights?: boolean;
}

export interface TrainResult {
  readonly steps: number;
  readonly backend: string;
  /** Loss of the last step's batch. */
  readonly trainLoss: number;
  /** The final evaluation; undefined without test data. */
  readonly test: Evaluation | undefined;
  /** Training images per second of this call (evaluation excluded). */
  readonly imagesPerSecond: number;
  /** The last checkpoint written; undefined without checkpointDir. */
  readonly checkpoint: string | undefined;
  readonly weights: Record<string, Float32Array> | undefined;
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
  const session = new TrainingSession(recipe, model);
  try {
    for (const p of initialiseWeights(model, recipe.init)) {
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
    let first = 0;
    if (options.resume !== undefined) {
      const ckpt = readCheckpoint(options.resume);
      const changed = checkResume(recipe, ckpt, spe);
      session.restore(ckpt);
      first = ckpt.step;
      log({
        kind: 'setup',
        what: 'resume',
        path: options.resume,
        step: first,
        epoch: ckpt.data.epoch,
        index: ckpt.data.index,
        changed: changed.length === 0 ? 'none' : changed.join(','),
      });
    }
    const run = new Loop(session, data, spe, totalSteps, log);
    const seconds = run.steps(first);
    // A final evaluation feeds the plateau schedule only when it falls on
    // the evalEvery grid, as it would in a longer run: resumes stay exact.
    const onGrid = recipe.evalEvery > 0 && totalSteps % recipe.evalEvery === 0;
    run.evaluate(totalSteps, onGrid);
    run.save(totalSteps);
    return {
      steps: totalSteps,
      backend,
      trainLoss: run.lastLoss,
      test: run.test,
      imagesPerSecond: ((totalSteps - first) * recipe.batchSize) / seconds,
      checkpoint: run.checkpoint,
      weights: options.keepWeights === true ? session.copyWeights() : undefined,
    };
  } finally {
    session.dispose();
  }
}

/** The steps of one `train` call and what they report. */
class Loop {
  lastLoss = NaN;
  test: Evaluation | undefined;
  checkpoint: string | undefined;
  private readonly recipe: Recipe;

  constructor(
    private readonly session: TrainingSession,
    private readonly data: TrainingData,
    private readonly spe: number,
    private readonly totalSteps: number,
    private readonly log: (r: LogRecord) => void,
  ) {
    this.recipe = session.recipe;
  }

  /** Runs steps [first, totalSteps); returns the seconds they took. */
  steps(first: number): number {
    const r = this.recipe;
    const start = performance.now();
    let order: Uint32Array = new Uint32Array(0);
    let orderEpoch = -1;
    let sum = 0;
    let count = 0;
    let since = start;

    for (let step = first; step < this.totalSteps; step++) {
      const epoch = Math.floor(step / this.spe);
      if (epoch !== orderEpoch) {
        order = epochPermutation(this.data.train.count, r.seed, epoch);
        orderEpoch = epoch;
      }
      const at = (step % this.spe) * r.batchSize;
      const lr = learningRate(r.schedule, step, {
        lr: r.optimizer.lr,
        stepsPerEpoch: this.spe,
        totalSteps: this.totalSteps,
        decays: this.session.plateau.state.decays,
      });
      this.lastLoss = this.step(step, order.subarray(at, at + r.batchSize), lr);
      sum += this.lastLoss;
      count++;

      const done = step + 1;
      if (done % r.logEvery === 0 || done === this.totalSteps) {
        const now = performance.now();
        const perStep = (now - since) / 1000 / count;
        this.log({
          kind: 'step',
          step: done,
          totalSteps: this.totalSteps,
          epoch,
          loss: sum / count,
          lr,
          imagesPerSecond: r.batchSize / perStep,
          etaSeconds: (this.totalSteps - done) * perStep,
        });
        [sum, count, since] = [0, 0, now];
      }
      if (done === this.totalSteps) {
        break;
      }
      if (r.evalEvery > 0 && done % r.evalEvery === 0) {
        this.evaluate(done, true);
      }
      if (r.checkpointEvery > 0 && done % r.checkpointEvery === 0) {
        this.save(done);
      }
    }
    return (performance.now() - start) / 1000;
  }

  /** One SGD step on the images `indices`; returns the batch loss. */
  private step(step: number, indices: Uint32Array, lr: number): number {
    const d = this.recipe.data;
    const { model, params, sgd } = this.session;
    const b = makeBatch(this.data.train, indices, d.mean, d.std, d.layout);
    const x = tf.tensor4d(b.x, b.shape);
    const y = tf.tensor1d(b.labels, 'int32');
    const { value, grads } = tf.variableGrads(
      () => crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y),
      params.map((p) => p.variable),
    );
    if (step === 0) {
      for (const [layer, std] of activationStds(model, x)) {
        const kernel = params.find((p) => p.name === `${layer}/kernel`);
        const g = grads[kernel?.variable.name ?? ''];
        this.log({
          kind: 'layer',
          layer,
          activationStd: std,
          gradientStd: g === undefined ? NaN : tensorStd(g),
        });
      }
    }
    sgd.step(
      Object.fromEntries(
        params.map((p) => [p.name, grads[p.variable.name] as tf.Tensor]),
      ),
      lr,
    );
    const loss = value.dataSync()[0] as number;
    tf.dispose([x, y, value, ...Object.values(grads)]);
    return loss;
  }

  /** Evaluates on the test set; `schedule` feeds the plateau tracker. */
  evaluate(step: number, schedule: boolean): void {
    if (this.data.test === undefined) {
      return;
    }
    this.test = evaluate(this.session.model, this.data.test, this.recipe);
    this.log({
      kind: 'eval',
      step,
      epoch: step / this.spe,
      loss: this.test.loss,
      top1: this.test.top1,
      top5: this.test.top5,
    });
    if (schedule && this.recipe.schedule.kind === 'plateau') {
      this.session.plateau.update(this.test.loss);
    }
  }

  save(step: number): void {
    const dir = this.recipe.checkpointDir;
    if (dir === '') {
      return;
    }
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `step-${String(step).padStart(8, '0')}.zckpt`);
    writeCheckpoint(path, this.session.snapshot(step, this.spe));
    this.checkpoint = path;
    this.log({ kind: 'checkpoint', step, path });
  }
}
