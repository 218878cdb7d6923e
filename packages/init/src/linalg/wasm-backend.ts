import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LinalgBackend, StridedMatrix } from './backend.js';
import { GEMM_WASM_BASE64 } from './gemm.wasm.js';
import { GEMM_WORKER_SOURCE } from './gemm-worker.js';

/** The part of the WebAssembly JS API used here (lib.dom is not loaded). */
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (
    module: object,
    imports: object,
  ) => { readonly exports: object };
  readonly Memory: new (descriptor: {
    initial: number;
    maximum: number;
    shared: boolean;
  }) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface GemmExports {
  workBytes(): number;
  heapBase(): number;
  gemm(
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    ars: number,
    acs: number,
    b: number,
    brs: number,
    bcs: number,
    beta: number,
    c: number,
    ldc: number,
    work: number,
  ): void;
}

/** The arguments of the kernel's `gemm`, as the workers' `args` hold them. */
type KernelArgs = Parameters<GemmExports['gemm']>;

const PAGE = 65536;
const MAX_PAGES = 65536;
const MAX_BYTES = MAX_PAGES * PAGE;
/** Column split granularity: a multiple of the kernel's NR = 6. */
const SPLIT_ALIGN = 12;
/** GEMMs below this many multiply-adds run on the calling thread only. */
const MIN_PARALLEL_WORK = 1 << 22;
let compiled: object | undefined;

/** Options of a `WasmBackend`. */
export interface WasmBackendOptions {
  /**
   * Threads a GEMM may use, the caller's included: 1 (default) or more,
   * each extra one a worker thread. Results do not depend on it.
   */
  readonly threads?: number;
}

/** The number of threads worth using here: min(cores, 4). */
export function defaultThreads(): number {
  return Math.min(availableParallelism(), 4);
}

/**
 * The f64 GEMM compiled from wasm-linalg/gemm.ts (AssemblyScript, 128-bit
 * SIMD) over a shared linear memory, optionally split over worker threads
 * by columns of C. Every element of C is computed by the same sequence of
 * operations whatever the split, so results are bit-identical for any
 * thread count. Wasm32 memory stops at 4 GiB, which bounds the matrices
 * one backend can hold (two 4096 x 25088 f64 matrices take 1.6 GiB).
 * Call `dispose` to stop its workers.
 */
export class WasmBackend implements LinalgBackend {
  private readonly memory: WasmMemory;
  private readonly exports: GemmExports;
  private readonly workBytes: number;
  private readonly base: number;
  private readonly start: number;
  private readonly workers: GemmWorker[] = [];
  private top: number;
  private view: Float64Array;

  constructor(options: WasmBackendOptions = {}) {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(
        `WasmBackend: threads must be an integer >= 1; got ${threads}`,
      );
    }
    const module = (compiled ??= new wasmApi.Module(
      Buffer.from(GEMM_WASM_BASE64, 'base64'),
    ));
    this.memory = new wasmApi.Memory({
      initial: 1,
      maximum: MAX_PAGES,
      shared: true,
    });
    const instance = new wasmApi.Instance(module, {
      env: { memory: this.memory },
    });
    this.exports = instance.exports as unknown as GemmExports;
    this.workBytes = Math.ceil(this.exports.workBytes() / 16) * 16;
    // One GEMM workspace per thread, then the heap.
    this.start = Math.ceil(this.exports.heapBase() / 16) * 16;
    this.base = this.start + threads * this.workBytes;
    this.top = this.base;
    this.grow(this.base);
    this.view = new Float64Array(this.memory.buffer);
    for (let t = 1; t < threads; t++) {
      this.workers.push(startWorker(module, this.memory));
    }
  }

  get heap(): Float64Array {
    if (this.view.buffer.byteLength !== this.memory.buffer.byteLength) {
      this.view = new Float64Array(this.memory.buffer);
    }
    return this.view;
  }

  alloc(count: number): number {
    const offset = Math.ceil(this.top / 16) * 16;
    const end = offset + 8 * count;
    if (end > MAX_BYTES) {
      throw new RangeError(
        `WasmBackend: workspace must fit in 4 GiB of wasm memory; ` +
          `got ${end} bytes`,
      );
    }
    this.grow(end);
    this.heap.fill(0, offset / 8, end / 8);
    this.top = end;
    return offset / 8;
  }

  mark(): number {
    return this.top / 8;
  }

  release(mark: number): void {
    this.top = Math.max(8 * mark, this.base);
  }

  gemm(
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: StridedMatrix,
    b: StridedMatrix,
    beta: number,
    c: number,
    ldc: number,
  ): void {
    // The kernel's arguments for columns [column, column + cols) of C on
    // a thread's workspace, addresses in bytes; a worker reads the same.
    const argsFor = (
      thread: number,
      cols: number,
      column: number,
    ): KernelArgs => [
      m,
      cols,
      k,
      alpha,
      8 * a.offset,
      a.rowStride,
      a.colStride,
      8 * (b.offset + column * b.colStride),
      b.rowStride,
      b.colStride,
      beta,
      8 * (c + column * ldc),
      ldc,
      this.workStart(thread),
    ];

    const parts = this.workers.length + 1;
    const width = Math.ceil(n / parts / SPLIT_ALIGN) * SPLIT_ALIGN;
    if (parts === 1 || m * n * k < MIN_PARALLEL_WORK || width >= n) {
      this.exports.gemm(...argsFor(0, n, 0));
      return;
    }

    // Columns [t * width, (t + 1) * width) go to thread t; the caller
    // takes part 0 while the workers run the others.
    const started: number[] = [];
    for (let t = 1; t < parts && t * width < n; t++) {
      const cols = Math.min(width, n - t * width);
      this.post(t, argsFor(t, cols, t * width));
      started.push(t);
    }
    this.exports.gemm(...argsFor(0, width, 0));
    for (const t of started) this.await(t);
  }

  /** Stops the worker threads; the backend then runs single-threaded. */
  dispose(): void {
    for (const { worker, control } of this.workers) {
      Atomics.store(control, 2, 2);
      Atomics.add(control, 0, 1);
      Atomics.notify(control, 0);
      void worker.terminate();
    }
    this.workers.length = 0;
  }

  private post(thread: number, args: KernelArgs): void {
    const { control, args: shared } = this.workers[thread - 1]!;
    shared.set(args);
    Atomics.store(control, 2, 1);
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
  }

  private await(thread: number): void {
    const { control } = this.workers[thread - 1]!;
    const request = Atomics.load(control, 0);
    for (;;) {
      const done = Atomics.load(control, 1);
      if (done === request) return;
      Atomics.wait(control, 1, done);
    }
  }

  private workStart(thread: number): number {
    return this.start + thread * this.workBytes;
  }

  private grow(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }
}

/** A worker thread and its control block (see gemm-worker.ts). */
interface GemmWorker {
  readonly worker: Worker;
  readonly control: Int32Array;
  readonly args: Float64Array;
}

/** Seconds to wait for a worker to start before giving up. */
const START_TIMEOUT_MS = 30_000;

function startWorker(module: object, memory: WasmMemory): GemmWorker {
  const control = new Int32Array(new SharedArrayBuffer(16));
  const args = new Float64Array(new SharedArrayBuffer(14 * 8));
  const worker = new Worker(GEMM_WORKER_SOURCE, {
    eval: true,
    workerData: { module, memory, control: control.buffer, args: args.buffer },
  });
  worker.unref();
  // Block until the worker has instantiated the module on the memory.
  const result = Atomics.wait(control, 3, 0, START_TIMEOUT_MS);
  if (result === 'timed-out') {
    void worker.terminate();
    throw new Error(
      `WasmBackend: a GEMM worker must start within ` +
        `${START_TIMEOUT_MS} ms; got no answer`,
    );
  }
  return { worker, control, args };
}
