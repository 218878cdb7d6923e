/**
 * A data-parallel run on worker threads: one replica of the training loop
 * per worker, each with its own backend, synchronised through shared
 * memory (see collective.ts). Replica 0's log records are passed to the
 * caller's sink as they come; its result is the run's result.
 *
 * The first failure of any replica aborts the others and is the error the
 * caller gets, with its class name and message.
 */
import type { Worker } from 'node:worker_threads';

import { ZooInputError, ZooNotImplementedError } from '@zoo/models';

import { RecipeError } from '../recipe/errors.js';
import type { Recipe } from '../recipe/types.js';
import type { LogRecord } from '../loop/log.js';
import type { TrainOptions, TrainResult } from '../loop/train.js';
import { abortRun, sharedBuffers, type SharedBuffers } from './collective.js';
import { spawnWorker } from './spawn.js';

/** What a replica worker is started with. */
export interface ReplicaTask {
  readonly recipe: Recipe;
  readonly options: Omit<TrainOptions, 'onLog' | 'workers'>;
  readonly rank: number;
  readonly buffers: SharedBuffers;
}

/** What a replica worker posts to the thread that started it. */
export type ReplicaMessage =
  | { kind: 'log'; line: string; record: LogRecord }
  | { kind: 'result'; result: TrainResult }
  | {
      kind: 'error';
      name: string;
      message: string;
      stack: string | undefined;
      aborted: boolean;
    };

export async function trainOnWorkers(
  recipe: Recipe,
  options: TrainOptions,
  workers: number,
): Promise<TrainResult> {
  const { onLog, workers: _workers, ...rest } = options;
  const sink = onLog ?? ((line: string) => console.log(line));
  const buffers = sharedBuffers(workers);
  const threads: Worker[] = [];
  let failure: Error | undefined;
  let result: TrainResult | undefined;

  const finished = Array.from({ length: workers }, (_, rank) => {
    const task: ReplicaTask = { recipe, options: rest, rank, buffers };
    const worker = spawnWorker(import.meta.url, 'replica-worker', task);
    threads.push(worker);
    return new Promise<void>((resolve) => {
      const fail = (error: Error, aborted: boolean): void => {
        abortRun(buffers);
        if (failure !== undefined || aborted) return;
        failure = error;
        // Peers in a long evaluation or decode would reach the next
        // barrier only much later: stop them now.
        for (const t of threads) void t.terminate();
      };
      worker.on('message', (m: ReplicaMessage) => {
        if (m.kind === 'result') result = m.result;
        else if (m.kind === 'error') {
          fail(rebuildError(m), m.aborted);
        } else {
          // A sink that throws (a full disk) stops the run like a replica.
          try {
            sink(m.line, m.record);
          } catch (error) {
            fail(
              error instanceof Error ? error : new Error(String(error)),
              false,
            );
          }
        }
      });
      worker.on('error', (error) => fail(error, false));
      worker.on('exit', (code) => {
        if (code !== 0) {
          fail(
            new Error(`train: worker ${rank} exited with code ${code}`),
            false,
          );
        }
        resolve();
      });
    });
  });
  try {
    await Promise.all(finished);
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  if (failure !== undefined) throw failure;
  if (result === undefined) {
    throw new Error('train: replica 0 ended without a result');
  }
  return result;
}

/** An error of a worker, as the class the caller would have seen. */
function rebuildError(m: {
  name: string;
  message: string;
  stack?: string;
}): Error {
  const classes: Record<string, new (m: string) => Error> = {
    RecipeError,
    ZooInputError,
    ZooNotImplementedError,
    RangeError,
    TypeError,
  };
  const error = new (classes[m.name] ?? Error)(m.message);
  if (classes[m.name] === undefined) error.name = m.name;
  // The worker's stack, for ZOO_DEBUG and library callers.
  if (m.stack !== undefined) error.stack = m.stack;
  return error;
}
