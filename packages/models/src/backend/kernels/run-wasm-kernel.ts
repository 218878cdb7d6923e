/**
 * Calls another wasm kernel from inside a kernel, the way tfjs backends
 * compose kernels: straight to its kernelFunc, no tape, no engine tracking.
 * The caller disposes what it does not return.
 */
import {
  getKernel,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export function runWasmKernel(
  name: string,
  inputs: Record<string, TensorInfo>,
  backend: BackendWasm,
  attrs: NamedAttrMap,
): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined) {
    throw new Error(
      `runWasmKernel: kernel ${name} must be registered for wasm`,
    );
  }
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

/** Collects intermediate results and frees them together. */
export class Scratch {
  private readonly infos: TensorInfo[] = [];

  constructor(readonly backend: BackendWasm) {}

  keep(info: TensorInfo): TensorInfo {
    this.infos.push(info);
    return info;
  }

  /** Frees `infos` (kept earlier) now. */
  free(infos: readonly TensorInfo[]): void {
    const gone = new Set(infos);
    for (const info of infos) this.backend.disposeData(info.dataId);
    this.infos.splice(
      0,
      this.infos.length,
      ...this.infos.filter((i) => !gone.has(i)),
    );
  }

  dispose(): void {
    for (const info of this.infos) this.backend.disposeData(info.dataId);
    this.infos.length = 0;
  }
}
