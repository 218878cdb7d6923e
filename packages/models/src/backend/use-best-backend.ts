/**
 * Backend choice for training on a CPU host.
 *
 * Order: a native TensorFlow binding (@tensorflow/tfjs-node-gpu, then
 * @tensorflow/tfjs-node; both register the backend 'tensorflow') when one is
 * installed and importable; else 'wasm' (XNNPACK, SIMD, one thread in Node:
 * about 30 times the 'cpu' backend on convolutions), with the gradient
 * kernels it lacks registered; else 'cpu' (plain JavaScript).
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';

import { registerWasmKernels } from './register-wasm-kernels.js';
import './tfjs-gradients.js';
import { wasmBinaryFolder } from './wasm-path.js';

/** The backends useBestBackend can choose, best first. */
export type BackendCandidate = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

export const defaultBackendOrder: readonly BackendCandidate[] = [
  'tfjs-node-gpu',
  'tfjs-node',
  'wasm',
  'cpu',
];

export interface BackendOptions {
  /** Candidates tried in this order; default defaultBackendOrder. */
  order?: readonly BackendCandidate[];
}

async function tryNative(pkg: string): Promise<boolean> {
  try {
    // A variable specifier: neither package is a dependency of @zoo/models.
    const specifier = `@tensorflow/${pkg}`;
    await import(specifier);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

/** Prepares and selects the wasm backend; false when it cannot start. */
export async function useWasmBackend(): Promise<boolean> {
  // Node has no Blob-URL workers: the threaded binary cannot start there.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(wasmBinaryFolder());
  registerWasmKernels();
  try {
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/**
 * Selects the best available backend and returns its tfjs name
 * ('tensorflow', 'wasm' or 'cpu').
 *
 * @example
 *   const name = await useBestBackend(); // 'wasm' on a plain Node install
 */
export async function useBestBackend(
  options: BackendOptions = {},
): Promise<string> {
  const order = options.order ?? defaultBackendOrder;
  if (order.length === 0) {
    throw new Error(
      'useBestBackend: order must name at least one backend; got []; ' +
        `allowed: ${defaultBackendOrder.join(', ')}`,
    );
  }
  for (const candidate of order) {
    const ok =
      candidate === 'wasm'
        ? await useWasmBackend()
        : candidate === 'cpu'
          ? await tf.setBackend('cpu')
          : await tryNative(candidate);
    if (ok) return tf.getBackend();
  }
  throw new Error(
    `useBestBackend: one of ${order.join(', ')} must start; none did`,
  );
}
