/**
 * Registers tfjs-core's gradient functions once per process.
 *
 * The Node entry of @tensorflow/tfjs-core registers kernels' forward passes
 * only; the gradients are registered by the @tensorflow/tfjs union package,
 * which @zoo/models does not depend on. src/vendor/tfjs-gradients.js is those
 * same registrations (tfjs-core 4.22.0), bundled against the public API by
 * scripts/vendor-gradients.ts. Without it tf.grad fails on every backend with
 * "gradient function not found".
 */
import { getGradient } from '@tensorflow/tfjs-core';

import '../vendor/tfjs-gradients.js';

/** True when the gradient of Conv2D is registered (a cheap sanity probe). */
export function gradientsRegistered(): boolean {
  return getGradient('Conv2D') !== undefined;
}
