/**
 * Source of a GEMM worker thread (plain JavaScript, run with `eval: true`
 * so it loads the same way from src and dist). It instantiates the GEMM
 * module on the backend's shared memory, then serves requests posted
 * through a shared control block:
 *
 *   control[0] request number (the main thread increments it)
 *   control[1] last request done (the worker stores it)
 *   control[2] 1 = GEMM, 2 = exit
 *   control[3] 1 once the worker is ready
 *
 * and the 14 GEMM arguments in `args` (f64).
 */
export const GEMM_WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control: controlBuffer, args: argsBuffer } = workerData;
const control = new Int32Array(controlBuffer);
const args = new Float64Array(argsBuffer);
const { gemm } = new WebAssembly.Instance(module, { env: { memory } }).exports;
Atomics.store(control, 3, 1);
Atomics.notify(control, 3);
let seen = 0;
for (;;) {
  Atomics.wait(control, 0, seen);
  seen = Atomics.load(control, 0);
  if (Atomics.load(control, 2) === 2) break;
  gemm(args[0], args[1], args[2], args[3], args[4], args[5], args[6],
    args[7], args[8], args[9], args[10], args[11], args[12], args[13]);
  Atomics.store(control, 1, seen);
  Atomics.notify(control, 1);
}
`;
