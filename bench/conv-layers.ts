/**
 * Per-layer time of the wasm convolution kernels of @zoo/models: Winograd's
 * F(4x4, 3x3) against the kernels it replaces, measured in the same run,
 * on the 3x3 stride-1 layers of VGG-D, AlexNet and OverFeat at batch 8 and
 * on small layers like the Fashion-MNIST convnet's.
 *
 *   npx tsx --conditions=@zoo/source bench/conv-layers.ts [--quick]
 *       [--batch N]
 *
 * Forward: tfjs-backend-wasm's own Conv2D (XNNPACK's direct convolution)
 * against winogradConv2d. Filter gradient: im2col + GEMM
 * (conv2d-backprop-filter.ts) against winogradFilterGradient. Each row
 * says which one the registered kernels pick (winogradForwardPays,
 * winogradFilterPays); those rules were set from this table. Mean of 2
 * timed calls after 1 warm-up (1 timed call above 5 GFLOP), each with
 * its read-back (the same copy on both sides, which pulls the ratios a
 * little towards 1), and the largest difference from the direct result
 * relative to its scale.
 * --quick: batch 2, three layers. --batch N: the big nets' layers at batch
 * N (the small layers keep batch 64).
 */
import { loadavg } from 'node:os';

import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  convGeometry,
  im2colFilterGradient,
  registerWasmKernels,
  wasmBinaryFolder,
  winogradConv2d,
  winogradFilterGradient,
  winogradFilterPays,
  winogradForwardPays,
} from '@zoo/models';

const quick = process.argv.includes('--quick');
const batchArg = process.argv.indexOf('--batch');
const b = batchArg > 0 ? Number(process.argv[batchArg + 1]) : quick ? 2 : 8;
if (!Number.isSafeInteger(b) || b < 1) {
  throw new Error(`bench: --batch must be a positive integer`);
}

type Layer = [name: string, x: number[], ci: number, co: number];
const layers: Layer[] = [
  ['vgg-d conv1_2', [b, 224, 224, 64], 64, 64],
  ['vgg-d conv2_1', [b, 112, 112, 64], 64, 128],
  ['vgg-d conv2_2', [b, 112, 112, 128], 128, 128],
  ['vgg-d conv3_1', [b, 56, 56, 128], 128, 256],
  ['vgg-d conv3_2', [b, 56, 56, 256], 256, 256],
  ['vgg-d conv4_1', [b, 28, 28, 256], 256, 512],
  ['vgg-d conv4_2', [b, 28, 28, 512], 512, 512],
  ['vgg-d conv5_1', [b, 14, 14, 512], 512, 512],
  ['alexnet conv3', [b, 13, 13, 192], 192, 384],
  ['alexnet conv4', [b, 13, 13, 384], 384, 256],
  ['alexnet conv5', [b, 13, 13, 256], 256, 256],
  ['overfeat-fast conv3', [b, 12, 12, 256], 256, 512],
  ['overfeat-fast conv5', [b, 12, 12, 1024], 1024, 1024],
  ['overfeat-accurate conv3', [b, 17, 17, 256], 256, 512],
  ['64 x 28x28, 32->32', [64, 28, 28, 32], 32, 32],
  ['64 x 14x14, 32->64', [64, 14, 14, 32], 32, 64],
  ['64 x 14x14, 64->64', [64, 14, 14, 64], 64, 64],
];
const chosen = quick
  ? layers.filter(([name]) => /conv3_2|alexnet conv4|32->64/.test(name))
  : layers;

// tfjs's own kernels, before @zoo/models replaces them.
setWasmPaths(wasmBinaryFolder());
await tf.setBackend('wasm');
const directConv = tf.getKernel('Conv2D', 'wasm')?.kernelFunc;
if (directConv === undefined) throw new Error('wasm has no Conv2D kernel');
registerWasmKernels();
const backend = tf.backend() as BackendWasm;
const im2colKernel = im2colFilterGradient(2 ** 23);

/** Mean seconds of `f`, and its last result's values. */
function time(f: () => tf.TensorInfo, flops: number): [number, Float32Array] {
  const n = flops > 5e9 ? 1 : 2;
  backend.disposeData(f().dataId);
  let values: Float32Array = new Float32Array(0);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const out = tf.engine().makeTensorFromTensorInfo(f());
    values = out.dataSync() as Float32Array;
    out.dispose();
  }
  return [(performance.now() - t0) / n / 1000, values];
}

function relative(got: Float32Array, ref: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs((got[i] as number) - (ref[i] as number)));
    scale = Math.max(scale, Math.abs(ref[i] as number));
  }
  return diff / scale;
}

const load = loadavg()[0] ?? NaN;
console.log(`batch ${b}, load average ${load.toFixed(2)}`);
console.log(
  'layer                      forward: direct  winograd  ratio  picks' +
    '   filter grad: im2col  winograd  ratio  picks',
);
const rows: object[] = [];
for (const [name, xShape, ci, co] of chosen) {
  const filterShape = [3, 3, ci, co];
  const g = convGeometry(xShape, filterShape, 1, 1, 'same', undefined, false);
  const flops = 2 * 9 * ci * co * g.batchSize * g.outHeight * g.outWidth;
  const [x, w, dy] = [xShape, filterShape, g.outShape].map((s) =>
    tf.randomUniform(s, -1, 1),
  ) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const attrs = {
    strides: 1,
    dilations: 1,
    pad: 'same',
    dataFormat: 'NHWC',
  } as const;
  const [direct, ref] = time(
    () =>
      directConv({ inputs: { x, filter: w }, backend, attrs }) as tf.TensorInfo,
    flops,
  );
  const [wino, got] = time(() => winogradConv2d(x, w, g, backend), flops);
  const [im2col, refGrad] = time(
    () =>
      im2colKernel({
        inputs: { x, dy },
        backend,
        attrs: { ...attrs, filterShape },
      }) as tf.TensorInfo,
    flops,
  );
  const [winoGrad, gotGrad] = time(
    () => winogradFilterGradient(x, dy, g, backend),
    flops,
  );
  const pick = (yes: boolean): string => (yes ? 'wino' : 'old ');
  const ms = (s: number): string => (s * 1000).toFixed(0).padStart(8);
  const pair = (old: number, ours: number, picked: boolean): string =>
    `${ms(old)} ms ${ms(ours)} ms ` +
    `${(old / ours).toFixed(2).padStart(6)}  ${pick(picked)}`;
  console.log(
    `${name.padEnd(26)} ${pair(direct, wino, winogradForwardPays(g))}  ` +
      pair(im2col, winoGrad, winogradFilterPays(g)),
  );
  rows.push({
    layer: name,
    batch: g.batchSize,
    forward: { direct, winograd: wino, error: relative(got, ref) },
    filterGradient: {
      im2col,
      winograd: winoGrad,
      error: relative(gotGrad, refGrad),
    },
  });
  tf.dispose([x, w, dy]);
}
for (const row of rows) console.log(JSON.stringify(row));
console.log(`load average after ${(loadavg()[0] ?? NaN).toFixed(2)}`);
