/**
 * Test worker: one replica of a SharedCollective that averages the vector
 * parts and sums the values it is given, then posts what it got.
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
  c.average(task.parts);
  c.sum(task.sums);
  parentPort?.postMessage({ parts: task.parts, sums: task.sums });
} catch (error) {
  parentPort?.postMessage({ error: (error as Error).name });
}
