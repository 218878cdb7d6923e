/**
 * One replica of the training loop: resolved recipe printed, data opened
 * and checked, model built and initialised, SGD steps over (seed,
 * epoch)-determined batches, evaluation, checkpoints and exact resume.
 *
 * A run of one replica uses the `solo` collective. In a data-parallel run
 * replica r takes slice r of every global batch, the replicas average
 * their gradients before the (identical) update, and split the test set;
 * replica 0 alone logs, checkpoints and exports.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { useBestBackend } from '@zoo/models';

import type { Batch } from '../data/dataset.js';
import { epochPermutation } from '../data/shuffle.js';
import { crossEntropy } from '../optim/loss.js';
import { learningRate } from '../optim/schedule.js';
import { averageTensors } from '../parallel/average-tensors.js';
import type { Collective } from '../parallel/collective.js';
import type { Recipe } from '../recipe/types.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import {
  closeTrainingData,
  openTrainingData,
  type TrainingData,
} from './data.js';
import {
  evaluationOf,
  evaluationSums,
  tensorStd,
  type Evaluation,
} from './evaluate.js';
import { formatRecord, type LogRecord, type LogSink } from './log.js';
import { buildTrainable } from './model.js';
import { checkResume } from './resume.js';
import { TrainingSession } from './session.js';
import type { TrainOptions, TrainResult } from './train.js';

export async function trainReplica(
  recipe: Recipe,
  options: TrainOptions,
  collective: Collective,
): Promise<TrainResult> {
  const lead = collective.rank === 0;
  const sink: LogSink = options.onLog ?? ((line) => console.log(line));
  const log = (r: LogRecord): void => {
    if (lead) sink(formatRecord(r), r);
  };
  log({ kind: 'config', recipe });

  const data = await openTrainingData(recipe, collective.size);
  try {
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
      image: data.train.imageShape.join('x'),
      stepsPerEpoch: spe,
      totalSteps,
      backend,
      workers: collective.size,
    });

    const model = await buildTrainable(recipe, data.train.imageShape);
    const session = new TrainingSession(recipe, model);
    try {
      let first = 0;
      if (options.resume === undefined) {
        for (const p of model.initialise(recipe.init)) {
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
      } else {
        // Every weight comes from the checkpoint: no initialisation.
        const ckpt = readCheckpoint(options.resume);
        const changed = checkResume(recipe, ckpt, {
          stepsPerEpoch: spe,
          totalSteps,
          workers: collective.size,
        });
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
      const run = new Loop(session, data, collective, spe, totalSteps, log);
      const seconds = await run.steps(first);
      // A final evaluation feeds the plateau schedule only when it falls on
      // the evalEvery grid, as it would in a longer run: resumes stay exact.
      const onGrid =
        recipe.evalEvery > 0 && totalSteps % recipe.evalEvery === 0;
      await run.evaluate(totalSteps, onGrid);
      run.save(totalSteps);
      if (lead && options.onnx !== undefined) {
        mkdirSync(dirname(options.onnx), { recursive: true });
        const path = await model.saveOnnx(options.onnx);
        log({ kind: 'setup', what: 'onnx', path });
      }
      return {
        steps: totalSteps,
        backend,
        trainLoss: run.lastLoss,
        test: run.test,
        imagesPerSecond: ((totalSteps - first) * recipe.batchSize) / seconds,
        checkpoint: run.checkpoint,
        weights:
          options.keepWeights === true ? session.copyWeights() : undefined,
      };
    } finally {
      session.dispose();
    }
  } finally {
    await closeTrainingData(data);
  }
}

/** The steps of one replica and what they report. */
class Loop {
  lastLoss = NaN;
  test: Evaluation | undefined;
  checkpoint: string | undefined;
  private readonly recipe: Recipe;
  /** Images per replica and step. */
  private readonly local: number;
  /** Data orders of the epochs in use (at most the current and next). */
  private readonly orders = new Map<number, Uint32Array>();

  constructor(
    private readonly session: TrainingSession,
    private readonly data: TrainingData,
    private readonly collective: Collective,
    private readonly spe: number,
    private readonly totalSteps: number,
    private readonly log: (r: LogRecord) => void,
  ) {
    this.recipe = session.recipe;
    this.local = this.recipe.batchSize / collective.size;
  }

  /** Runs steps [first, totalSteps); returns the seconds they took. */
  async steps(first: number): Promise<number> {
    const r = this.recipe;
    const start = performance.now();
    let sum = 0;
    let count = 0;
    let since = start;

    // Each step's batch is requested one step ahead, so sources that
    // decode off-thread work while this thread computes.
    let next = first < this.totalSteps ? this.fetch(first) : undefined;
    for (let step = first; step < this.totalSteps; step++) {
      const batch = await (next as Promise<Batch>);
      next = step + 1 < this.totalSteps ? this.fetch(step + 1) : undefined;
      const epoch = Math.floor(step / this.spe);
      const lr = learningRate(r.schedule, step, {
        lr: r.optimizer.lr,
        stepsPerEpoch: this.spe,
        totalSteps: this.totalSteps,
        decays: this.session.plateau.state.decays,
      });
      this.lastLoss = this.step(step, batch, lr);
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
        await this.evaluate(done, true);
      }
      if (r.checkpointEvery > 0 && done % r.checkpointEvery === 0) {
        this.save(done);
      }
    }
    return (performance.now() - start) / 1000;
  }

  /** This replica's slice of the batch of `step`. */
  private fetch(step: number): Promise<Batch> {
    const epoch = Math.floor(step / this.spe);
    let order = this.orders.get(epoch);
    if (order === undefined) {
      order = epochPermutation(this.data.train.count, this.recipe.seed, epoch);
      this.orders.set(epoch, order);
      this.orders.delete(epoch - 2);
    }
    const at =
      (step % this.spe) * this.recipe.batchSize +
      this.collective.rank * this.local;
    const batch = this.data.train.batch(order.subarray(at, at + this.local), {
      epoch,
      training: true,
    });
    // Awaited on the next step; a failure must not count as unhandled now.
    batch.catch(() => undefined);
    return batch;
  }

  /** One SGD step on `batch`; returns the loss of the global batch. */
  private step(step: number, batch: Batch, lr: number): number {
    const { model, params, sgd } = this.session;
    const x = tf.tensor4d(batch.x, batch.shape);
    const y = tf.tensor1d(batch.labels, 'int32');
    model.seedDropout(this.recipe.seed, step, this.collective.rank);
    const { value, grads } = tf.variableGrads(
      () => crossEntropy(model.logits(x, true), y),
      params.map((p) => p.variable),
    );
    const named = Object.fromEntries(
      params.map((p) => [p.name, grads[p.variable.name] as tf.Tensor]),
    );
    let loss = value.dataSync()[0] as number;
    if (this.collective.size > 1) {
      loss = this.averageGradients(named, loss);
    }
    if (step === 0) {
      // Activations are this replica's slice; gradients are averaged.
      const stds = this.collective.rank === 0 ? model.activationStds(x) : [];
      for (const [layer, std] of stds) {
        const g = named[model.kernelOf(layer) ?? ''];
        this.log({
          kind: 'layer',
          layer,
          activationStd: std,
          gradientStd: g === undefined ? NaN : tensorStd(g),
        });
      }
    }
    sgd.step(named, lr);
    tf.dispose([x, y, value, ...Object.values(grads), ...Object.values(named)]);
    return loss;
  }

  /**
   * Replaces each gradient in `named` by its mean over the replicas, and
   * returns the mean of `loss`. The weights SGD does not train (BatchNorm
   * moving statistics, which each replica's forward pass moved with its
   * own slice) are averaged in the same all-reduce, so that replicas stay
   * identical and a checkpoint holds what every replica holds.
   */
  private averageGradients(
    named: Record<string, tf.Tensor>,
    loss: number,
  ): number {
    const names = Object.keys(named);
    const buffers = this.session.buffers;
    const lossValue = Float32Array.of(loss);
    const means = averageTensors(
      this.collective,
      [...names.map((n) => named[n] as tf.Tensor), ...buffers],
      lossValue,
    );
    names.forEach((n, i) => {
      named[n] = means[i] as tf.Tensor;
    });
    buffers.forEach((v, i) => {
      const mean = means[names.length + i] as tf.Tensor;
      v.assign(mean);
      mean.dispose();
    });
    return lossValue[0] as number;
  }

  /**
   * Evaluates on the test set, each replica on its share, and logs the
   * result; `schedule` feeds the plateau tracker.
   */
  async evaluate(step: number, schedule: boolean): Promise<void> {
    const test = this.data.test;
    if (test === undefined) {
      return;
    }
    const { rank, size } = this.collective;
    const from = Math.floor((rank * test.count) / size);
    const to = Math.floor(((rank + 1) * test.count) / size);
    const s = await evaluationSums(this.session.model, test, from, to);
    const sums = Float64Array.of(s.loss, s.top1, s.top5, s.count);
    this.collective.sum(sums);
    const [loss, top1, top5, count] = sums as unknown as number[];
    this.test = evaluationOf({
      loss: loss as number,
      top1: top1 as number,
      top5: top5 as number,
      count: count as number,
    });
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

  /** Writes a checkpoint of `step` (replica 0; every replica holds it). */
  save(step: number): void {
    const dir = this.recipe.checkpointDir;
    if (dir === '' || this.collective.rank !== 0) {
      return;
    }
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `step-${String(step).padStart(8, '0')}.zckpt`);
    writeCheckpoint(
      path,
      this.session.snapshot(step, this.spe, this.collective.size),
    );
    this.checkpoint = path;
    this.log({ kind: 'checkpoint', step, path });
  }
}
