/**
 * Worker threads that decode, resize, crop and flip images off the
 * training thread. A request is split into one contiguous chunk per
 * thread and reassembled in order, so the result does not depend on the
 * number of threads. Threads start on the first request; they keep the
 * process alive only while requests are pending, and `release` by the
 * last user terminates them.
 */
import type { Worker } from 'node:worker_threads';

import { spawnWorker } from '../parallel/spawn.js';
import { RecipeError } from '../recipe/errors.js';
import { WORDS_PER_IMAGE, type Pipeline } from './augment.js';

/** One chunk sent to a worker. */
export interface DecodeTask {
  readonly id: number;
  readonly paths: readonly string[];
  /** WORDS_PER_IMAGE words per image in training; undefined in evaluation. */
  readonly words: Uint32Array | undefined;
}

export type DecodeReply =
  | { readonly id: number; readonly pixels: Uint8Array }
  | { readonly id: number; readonly error: string };

interface Pending {
  readonly worker: number;
  resolve(pixels: Uint8Array): void;
  reject(error: Error): void;
}

export class DecodePool {
  readonly threads: number;
  readonly pipeline: Pipeline;
  private workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private users = 1;
  private closed = false;
  /** Why the pool stopped working, when a worker died. */
  private broken: Error | undefined;

  /** A pool of `threads` (>= 1) threads with one user. */
  constructor(threads: number, pipeline: Pipeline) {
    if (!(Number.isSafeInteger(threads) && threads >= 1)) {
      throw new RangeError(
        `DecodePool: threads must be a positive integer; got ${threads}`,
      );
    }
    this.threads = threads;
    this.pipeline = pipeline;
  }

  /** Adds a user; each calls `release` once. */
  retain(): this {
    this.users++;
    return this;
  }

  /** Drops a user; the last one terminates the threads. */
  async release(): Promise<void> {
    this.users--;
    if (this.users > 0 || this.closed) {
      return;
    }
    this.closed = true;
    this.fail(new Error('DecodePool: closed while decoding'));
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /**
   * The prepared images of `paths` ([n, crop, crop, 3], in order); `words`
   * as DecodeTask's. Rejects with the worker's error, which names the file.
   */
  async run(
    paths: readonly string[],
    words: Uint32Array | undefined,
  ): Promise<Uint8Array> {
    if (this.broken !== undefined) {
      throw this.broken;
    }
    if (this.closed) {
      throw new Error('DecodePool: run must come before release; got closed');
    }
    this.start();
    const per = Math.ceil(paths.length / this.threads);
    const parts: Promise<Uint8Array>[] = [];
    for (let k = 0; k * per < paths.length; k++) {
      const lo = k * per;
      const hi = Math.min(paths.length, lo + per);
      parts.push(
        this.send(
          k,
          paths.slice(lo, hi),
          words?.slice(WORDS_PER_IMAGE * lo, WORDS_PER_IMAGE * hi),
        ),
      );
    }
    const chunks = await Promise.all(parts);
    const size = this.pipeline.crop * this.pipeline.crop * 3;
    const out = new Uint8Array(paths.length * size);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  private start(): void {
    if (this.workers.length > 0) {
      return;
    }
    for (let k = 0; k < this.threads; k++) {
      const worker = spawnWorker(import.meta.url, 'decode-worker', {
        ...this.pipeline,
      });
      worker.unref();
      worker.on('message', (reply: DecodeReply) => this.answer(reply));
      worker.on('error', (error: Error) => {
        this.broken ??= new Error(
          `DecodePool: worker ${k} must keep running; got ${error.message}`,
        );
      });
      worker.on('exit', (code: number) => {
        if (this.closed) {
          return;
        }
        this.broken ??= new Error(
          `DecodePool: worker ${k} must keep running; got exit code ${code}`,
        );
        this.fail(this.broken);
        for (const w of this.workers) void w.terminate();
      });
      this.workers.push(worker);
    }
  }

  private send(
    k: number,
    paths: string[],
    words: Uint32Array | undefined,
  ): Promise<Uint8Array> {
    const id = this.nextId++;
    const worker = this.workers[k] as Worker;
    const task: DecodeTask = { id, paths, words };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker: k, resolve, reject });
      worker.ref();
      worker.postMessage(
        task,
        words === undefined ? [] : [words.buffer as ArrayBuffer],
      );
    });
  }

  private answer(reply: DecodeReply): void {
    const task = this.pending.get(reply.id);
    if (task === undefined) {
      return;
    }
    this.pending.delete(reply.id);
    this.idle(task.worker);
    if ('error' in reply) {
      task.reject(new RecipeError(reply.error));
    } else {
      task.resolve(reply.pixels);
    }
  }

  /** Unrefs worker k when it has nothing pending. */
  private idle(k: number): void {
    for (const p of this.pending.values()) {
      if (p.worker === k) return;
    }
    this.workers[k]?.unref();
  }

  private fail(error: Error): void {
    const tasks = [...this.pending.values()];
    this.pending.clear();
    for (const t of tasks) {
      this.workers[t.worker]?.unref();
      t.reject(error);
    }
  }
}
