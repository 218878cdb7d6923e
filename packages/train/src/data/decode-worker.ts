/**
 * A decoding thread of `DecodePool`: prepares the images of each task it
 * is sent (decode, resize, crop, flip) and answers with their pixels or
 * with the error, which names the file.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { prepareImages, type Pipeline } from './augment.js';
import type { DecodeReply, DecodeTask } from './decode-pool.js';

const port = parentPort;
if (port === null) {
  throw new Error('decode-worker: must run in a worker thread; got the main');
}
const pipeline = workerData as Pipeline;

port.on('message', (task: DecodeTask) => {
  let reply: DecodeReply;
  try {
    const pixels = prepareImages(task.paths, pipeline, task.words);
    reply = { id: task.id, pixels };
    port.postMessage(reply, [pixels.buffer as ArrayBuffer]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    reply = { id: task.id, error: message };
    port.postMessage(reply);
  }
});
