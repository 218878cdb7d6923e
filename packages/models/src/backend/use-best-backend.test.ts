import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { gradientsRegistered } from './tfjs-gradients.js';
import { useBestBackend } from './use-best-backend.js';

describe('useBestBackend', () => {
  it('picks wasm when no native binding is installed', async () => {
    // Neither @tensorflow/tfjs-node nor -gpu is installed in this workspace.
    expect(await useBestBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    // The SIMD binary, read from node_modules (no fetch in Node).
    expect(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')).toBe(true);
  });

  it('honours an explicit order', async () => {
    expect(await useBestBackend({ order: ['tfjs-node', 'cpu'] })).toBe('cpu');
  });

  it('refuses an empty order, naming the allowed set', async () => {
    await expect(useBestBackend({ order: [] })).rejects.toThrow(
      /order must name at least one backend; got \[\]; allowed: tfjs-node-gpu/,
    );
  });

  it('registers the tfjs-core gradients', () => {
    expect(gradientsRegistered()).toBe(true);
  });
});
