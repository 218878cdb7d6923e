/**
 * Test worker: one replica of a SharedCollective that averages the vector
 * parts it is given into new arrays and sums its values, then posts both
 * (the parts, which must be unchanged, and the means).
 */
import { parentPort, workerData } from 'node:worker_threads';

import { SharedCollective, type SharedBuffers } from './collective.js';

const task = workerData as {
  rank: number;
  buffers: SharedBuffers;
  parts: Float32Array[];
  sums: Float64Array;
  fail: boolean;
};
try {
  if (task.fail) throw new RangeError(`replica ${task.rank} fails on purpose`);
  const c = new SharedCollective(task.rank, task.buffers);
  const means = task.parts.map((p) => new Float32Array(p.length));
  c.average(task.parts, means);
  c.sum(task.sums);
  parentPort?.postMessage({ parts: task.parts, means, sums: task.sums });
} catch (error) {
  parentPort?.postMessage({ error: (error as Error).name });
}
