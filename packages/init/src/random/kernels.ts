import type { FloatArray } from '../types.js';
import { KERNELS_WASM_BASE64 } from './kernels.wasm.js';

// The part of the WebAssembly JS API used here. The workspace compiles
// with lib ES2022 and @types/node 20, which do not declare it.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** The exports of packages/init/wasm/kernels.ts, as compiled. */
interface KernelExports {
  readonly memory: WasmMemory;
  scratch(): number;
  scratchBytes(): number;
  setStream(k0: number, k1: number, h0: number, h1: number): void;
  words(units: number, lo: number, hi: number): void;
  uniform32(
    units: number,
    lo: number,
    hi: number,
    low: number,
    width: number,
    high: number,
  ): void;
  uniform64(
    units: number,
    lo: number,
    hi: number,
    low: number,
    width: number,
  ): void;
  normal32(
    units: number,
    lo: number,
    hi: number,
    mean: number,
    std: number,
  ): void;
}

/** What a kernel call fills: `units` units of 32 elements from block b. */
export type KernelCall = (units: number, lo: number, hi: number) => void;

/** Philox key and counter words 2, 3 of a stream: [k0, k1, h0, h1]. */
export type StreamWords = readonly [number, number, number, number];

/** Words, and so elements, per kernel unit (8 Philox blocks). */
const UNIT = 32;

let loaded: KernelExports | undefined;

/**
 * The WebAssembly SIMD kernels, compiled and instantiated synchronously on
 * first use. Every fill goes through them, so a tensor's values come from
 * one implementation; the plain JS code in reference.ts is the test oracle.
 */
export function kernels(): KernelExports {
  if (loaded === undefined) {
    const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) =>
      c.charCodeAt(0),
    );
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi })
      .WebAssembly;
    let module: object;
    try {
      if (wasm === undefined) throw new Error('no WebAssembly global');
      module = new wasm.Module(bytes);
    } catch (error) {
      // No JS fallback on purpose: values must come from one implementation.
      throw new Error(
        `kernels: the runtime must support WebAssembly SIMD (Node >= 16.4, ` +
          `current browsers); got ${String(error)}`,
        { cause: error },
      );
    }
    const instance = new wasm.Instance(module, {});
    loaded = instance.exports as unknown as KernelExports;
  }
  return loaded;
}

/**
 * Fills `out` with elements [start, start + out.length) of a kernel's
 * output, in chunks of the kernel's scratch buffer: units of 32 elements
 * aligned to the stream are computed and the wanted range copied out, so
 * memory stays bounded and any start gives the same values.
 */
export function runKernel(
  stream: StreamWords,
  out: FloatArray | Uint32Array,
  start: number,
  bytesPerElement: 4 | 8,
  view: 'u32' | 'f32' | 'f64',
  call: KernelCall,
): void {
  const k = kernels();
  const capacity = k.scratchBytes() / bytesPerElement;
  const maxUnits = capacity / UNIT;
  const source = scratchView(k, view, capacity);
  const end = start + out.length;
  let unit = Math.floor(start / UNIT);
  k.setStream(stream[0], stream[1], stream[2], stream[3]);
  while (unit * UNIT < end) {
    const units = Math.min(maxUnits, Math.ceil((end - unit * UNIT) / UNIT));
    const block = unit * 8;
    call(units, block >>> 0, Math.floor(block / 2 ** 32));
    const first = unit * UNIT;
    const from = Math.max(start, first);
    const to = Math.min(end, first + units * UNIT);
    out.set(source.subarray(from - first, to - first), from - start);
    unit += units;
  }
}

function scratchView(
  k: KernelExports,
  view: 'u32' | 'f32' | 'f64',
  length: number,
): Uint32Array | Float32Array | Float64Array {
  const buffer = k.memory.buffer;
  const offset = k.scratch();
  if (view === 'u32') return new Uint32Array(buffer, offset, length);
  if (view === 'f32') return new Float32Array(buffer, offset, length);
  return new Float64Array(buffer, offset, length);
}
