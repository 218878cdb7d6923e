import * as tf from '@tensorflow/tfjs-core';
import { useBestBackend } from '@zoo/models';
import { describe, expect, it } from 'vitest';

import { averageTensors } from './average-tensors.js';
import type { Collective } from './collective.js';

/**
 * A collective of two replicas whose peer holds `peer` (one value per
 * element, in order): the mean is (mine + peer) / 2, written to `into`.
 */
function twin(peer: readonly number[]): Collective {
  return {
    rank: 0,
    size: 2,
    average(parts, into = parts) {
      let k = 0;
      parts.forEach((part, p) => {
        part.forEach((v, i) => {
          (into[p] as Float32Array)[i] = (v + (peer[k++] as number)) / 2;
        });
      });
    },
    sum() {},
  };
}

describe.each(['wasm', 'cpu'])('averageTensors on %s', (backend) => {
  it('returns the means as new tensors and leaves the inputs alone', async () => {
    expect(await useBestBackend({ order: [backend as 'wasm' | 'cpu'] })).toBe(
      backend,
    );
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const b = tf.tensor1d([10, 20, 30]);
    const loss = Float32Array.of(0.5);
    const before = tf.memory().numTensors;
    const [ma, mb] = averageTensors(
      twin([3, 4, 5, 6, 0, 0, 0, 1.5]),
      [a, b],
      loss,
    );
    expect(ma?.shape).toEqual([2, 2]);
    expect([...(ma?.dataSync() ?? [])]).toEqual([2, 3, 4, 5]);
    expect([...(mb?.dataSync() ?? [])]).toEqual([5, 10, 15]);
    expect(loss[0]).toBe(1);
    expect([...a.dataSync()]).toEqual([1, 2, 3, 4]);
    expect([...b.dataSync()]).toEqual([10, 20, 30]);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([ma!, mb!, a, b]);
    expect(tf.memory().numTensors).toBe(before - 2);
  });

  it('refuses tensors that are not float32', () => {
    const i = tf.tensor1d([1, 2], 'int32');
    expect(() =>
      averageTensors(twin([0, 0]), [i], new Float32Array(0)),
    ).toThrow(/float32 only; got int32/);
    i.dispose();
  });
});
