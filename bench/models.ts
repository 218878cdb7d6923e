/**
 * Training throughput of two zoo convnets on the wasm backend against
 * PyTorch on the CPU, one thread each: forward and forward+backward
 * images/s of AlexNet (one column, torchvision) and VGG-D (VGG16) at
 * 224x224x3, batch 8, 1 warm-up and 2 timed iterations (mean).
 *
 *   npx tsx --conditions=@zoo/source bench/models.ts [--quick]
 *
 * Both nets train at batch 8 inside the 4 GB a wasm32 heap can grow to.
 * VGG-D used not to: tfjs-backend-wasm's Identity copied every tensor the
 * tape saves (each activation twice, fc6's 392 MB kernel twice), its Cast
 * copied every ReLU gradient's mask, and the filter gradient, a swapped
 * convolution through XNNPACK, held about 400 MB of transposes and packed
 * operands per call on the first layers; the heap ran out during the
 * forward pass, at fc6. With the kernels of @zoo/models (shared Identity
 * and Cast, filter gradient as im2col + GEMM in bounded blocks) a VGG-D
 * step at batch 8 peaks at 2.9 GB of tensors in a 3.7 GB heap (the heap
 * reached 3,864 MiB here, after AlexNet in the same process: freed blocks
 * fragment; 3,688-3,706 MiB since Winograd replaced the conv kernels):
 * weights 0.5 GB, their gradients 0.5, the activations the tape saved 0.9 and
 * the gradients of those activations about 0.9 (tfjs frees neither until
 * the whole backward pass ends); the rest of the heap is XNNPACK's packed
 * weights (fc6's alone is 392 MB, kept while the weight lives) and
 * fragmentation. An allocation failure shows as an XNNPACK error ("XNN
 * status ... 6") or an abort ("memory access out of bounds"); any XNNPACK
 * failure during a measurement is counted and marks it invalid.
 *
 * Where a VGG-D step's time goes (tf.profile, batch 8): filter gradients
 * 4.4 s, forward convolutions 4.2, input gradients 4.1 of 14.3; the other
 * 1.6 s are smaller kernels (MaxPoolGrad 0.26 s, Sum 0.23, each other
 * under 0.15) and the tape. Its 3x3 layers run Winograd's F(4x4, 3x3) (a quarter
 * of the multiplications, bench/conv-layers.ts); before that the step was
 * 24.8 s, XNNPACK's GEMMs at 25-34 GFLOP/s (128-bit wasm SIMD, no FMA)
 * against about 74 for PyTorch's VGG-D forward on the same core. AlexNet,
 * whose conv1 is cheap for us and slow for PyTorch, is faster than it.
 *
 * --quick: batch 2. PyTorch is timed in the same run through
 * /usr/bin/python3 when it imports torch (torchvision is not needed: the two
 * nets are defined in the script below, layer for layer as in @zoo/models),
 * with torch.set_num_threads(1) against wasm's single thread in Node, on
 * the same input and batch; otherwise only our figures are printed. One
 * JSON line per measurement follows the table, with the load average of
 * the machine before and after the run (other processes make both sides
 * slower, not equally).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

import * as tf from '@tensorflow/tfjs-core';
import { buildArchitecture, useBestBackend } from '@zoo/models';

const quick = process.argv.includes('--quick');
const BATCH = quick ? 2 : 8;
const WARMUP = 1;
const ITERS = 2;
const NETS = ['alexnet', 'vgg-d'] as const;

interface Rate {
  forward: number;
  train: number;
}
type Rates = Record<string, Rate>;

// XNNPACK reports failures on stderr only; count them.
let xnnFailures = 0;
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  if (String(chunk).includes('XNN status')) xnnFailures++;
  return write(chunk, ...rest);
}) as typeof process.stderr.write;

/** Size of the wasm heap (it only grows), or undefined on other backends. */
function heapBytes(): number | undefined {
  const backend = tf.backend() as unknown as {
    wasm?: { HEAPU8?: Uint8Array };
  };
  return backend.wasm?.HEAPU8?.length;
}

function mean(f: () => void, iters: number): number {
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) f();
  return (performance.now() - t0) / iters / 1000;
}

function timeNet(
  name: string,
): Rate & { xnnFailures: number; heapBytes?: number } {
  const t0 = performance.now();
  const model = buildArchitecture(name);
  console.log(`${name}: built in ${(performance.now() - t0).toFixed(0)} ms`);
  const x = tf.randomUniform([BATCH, 224, 224, 3], -1, 1, 'float32', 1);
  const labels = tf.range(0, BATCH, 1, 'int32');
  const y = tf.oneHot(labels, 1000);
  const forward = (): void => {
    tf.tidy(() =>
      (model.apply(x, { training: false }) as tf.Tensor).dataSync(),
    );
  };
  const train = (): void => {
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () =>
          tf.losses.softmaxCrossEntropy(
            y,
            model.apply(x, { training: true }) as tf.Tensor,
          ) as tf.Scalar,
      );
      value.dataSync();
      tf.dispose(grads);
    });
  };
  const failuresBefore = xnnFailures;
  for (let i = 0; i < WARMUP; i++) forward();
  const fwd = mean(forward, ITERS);
  for (let i = 0; i < WARMUP; i++) train();
  const trn = mean(train, ITERS);
  tf.dispose([x, labels, y]);
  model.dispose();
  const heap = heapBytes();
  if (heap !== undefined) {
    console.log(`${name}: wasm heap ${(heap / 2 ** 20).toFixed(0)} MB`);
  }
  return {
    forward: BATCH / fwd,
    train: BATCH / trn,
    xnnFailures: xnnFailures - failuresBefore,
    heapBytes: heap,
  };
}

const TORCH = `
import json, sys, time, torch
from torch import nn
torch.set_num_threads(1)
batch, warmup, iters = ${BATCH}, ${WARMUP}, ${ITERS}

def alexnet():
    return nn.Sequential(
        nn.Conv2d(3, 64, 11, 4, 2), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Conv2d(64, 192, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Conv2d(192, 384, 3, 1, 1), nn.ReLU(),
        nn.Conv2d(384, 256, 3, 1, 1), nn.ReLU(),
        nn.Conv2d(256, 256, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(9216, 4096), nn.ReLU(),
        nn.Dropout(0.5), nn.Linear(4096, 4096), nn.ReLU(),
        nn.Linear(4096, 1000))

def vgg_d():
    layers, c = [], 3
    for v in [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M',
              512, 512, 512, 'M', 512, 512, 512, 'M']:
        if v == 'M':
            layers.append(nn.MaxPool2d(2, 2))
        else:
            layers += [nn.Conv2d(c, v, 3, 1, 1), nn.ReLU()]
            c = v
    return nn.Sequential(
        *layers, nn.Flatten(), nn.Linear(25088, 4096), nn.ReLU(),
        nn.Dropout(0.5), nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(4096, 1000))

def timed(f):
    for _ in range(warmup):
        f()
    t = time.perf_counter()
    for _ in range(iters):
        f()
    return (time.perf_counter() - t) / iters

out = {}
x = torch.rand(batch, 3, 224, 224) * 2 - 1
for name, make in (('alexnet', alexnet), ('vgg-d', vgg_d)):
    net = make()
    y = torch.arange(batch)
    def forward():
        net.eval()
        with torch.no_grad():
            net(x)
    def train():
        net.train()
        net.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
    assert sum(p.numel() for p in net.parameters()) == {
        'alexnet': 61100840, 'vgg-d': 138357544}[name]
    out[name] = {'forward': batch / timed(forward),
                 'train': batch / timed(train)}
print(json.dumps(out))
`;

function torchRates(): Rates | undefined {
  const run = spawnSync('/usr/bin/python3', ['-c', TORCH], {
    encoding: 'utf8',
    timeout: 900_000,
  });
  if (run.status !== 0) {
    console.log(`pytorch: not timed (${run.stderr.trim().split('\n').pop()})`);
    return undefined;
  }
  return JSON.parse(run.stdout) as Rates;
}

const backend = await useBestBackend({ order: ['wasm'] });
const loadBefore = loadavg()[0] ?? NaN;
console.log(
  `backend ${backend}, batch ${BATCH}, ${ITERS} iterations, ` +
    `load ${loadBefore.toFixed(2)}`,
);
const ours: Record<string, Rate & { xnnFailures: number; heapBytes?: number }> =
  {};
for (const name of NETS) {
  ours[name] = timeNet(name);
  const failures = ours[name]?.xnnFailures ?? 0;
  if (failures > 0) {
    console.log(`${name}: INVALID, ${failures} XNNPACK failures (memory)`);
  }
}
const torch = torchRates();
const loadAfter = loadavg()[0] ?? NaN;

const fmt = (v: number | undefined): string =>
  v === undefined ? '-' : v.toFixed(2);
console.log('net       pass           wasm img/s  torch img/s  wasm/torch');
for (const name of NETS) {
  for (const pass of ['forward', 'train'] as const) {
    const w = ours[name]?.[pass];
    const t = torch?.[name]?.[pass];
    const ratio = w !== undefined && t !== undefined ? w / t : undefined;
    const label = pass === 'train' ? 'forward+backward' : 'forward';
    console.log(
      `${name.padEnd(9)} ${label.padEnd(16)} ${fmt(w).padStart(10)}  ` +
        `${fmt(t).padStart(11)}  ${fmt(ratio).padStart(10)}`,
    );
  }
}
for (const name of NETS) {
  for (const pass of ['forward', 'train'] as const) {
    console.log(
      JSON.stringify({
        bench: 'models',
        net: name,
        pass,
        batch: BATCH,
        wasm: ours[name]?.[pass],
        torch: torch?.[name]?.[pass] ?? null,
        xnnFailures: ours[name]?.xnnFailures ?? 0,
        heapBytes: ours[name]?.heapBytes ?? null,
        load: [loadBefore, loadAfter],
      }),
    );
  }
}
