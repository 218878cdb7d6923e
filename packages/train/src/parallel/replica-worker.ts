/**
 * The entry of a replica worker thread: runs one replica of the training
 * loop with the shared collective and reports to the starting thread.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { trainReplica } from '../loop/replica.js';
import { ReplicaAborted, SharedCollective } from './collective.js';
import type { ReplicaMessage, ReplicaTask } from './workers.js';

const task = workerData as ReplicaTask;
const port = parentPort;
if (port === null) {
  throw new Error('replica-worker: must run in a worker thread');
}
const post = (m: ReplicaMessage): void => port.postMessage(m);

try {
  const result = await trainReplica(
    task.recipe,
    {
      ...task.options,
      onLog: (line, record) => post({ kind: 'log', line, record }),
    },
    new SharedCollective(task.rank, task.buffers),
  );
  if (task.rank === 0) post({ kind: 'result', result });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({
    kind: 'error',
    name: e.name,
    message: e.message,
    stack: e.stack,
    aborted: e instanceof ReplicaAborted,
  });
}
