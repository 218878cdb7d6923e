/**
 * Times orthogonal initialisation of VGG's fc layers: ours (@zoo/init,
 * blocked Householder QR on a wasm SIMD GEMM, f64) against
 * torch.nn.init.orthogonal_ (float32, torch's LAPACK) through
 * /usr/bin/python3 when torch imports there, and prints the ratio
 * torch / ours. Torch runs on one thread; ours on --threads for its
 * GEMMs (the values do not depend on it). Ours is timed through
 * randomOrthogonal, the code orthogonal.fill runs for an OI weight.
 *
 *   npx tsx --conditions=@zoo/source bench/orthogonal.ts [options]
 *
 *   --big            also 4096 x 25088 (VGG fc6: 10 minutes for torch)
 *   --no-torch-big   with --big, skip torch on 4096 x 25088
 *   --show-last      with --no-torch-big, print the figure measured on the
 *                    development machine (labelled as such; not this run)
 *   --check          also report max |W W^T - I| (f64, on the wasm GEMM)
 *   --threads=N      GEMM threads for ours (default min(cores, 4))
 */
import { spawnSync } from 'node:child_process';
import { argv, exit, stderr, stdout } from 'node:process';
import {
  defaultThreads,
  WasmBackend,
} from '../packages/init/src/linalg/wasm-backend.js';
import { randomOrthogonal } from '../packages/init/src/linalg/random-orthogonal.js';

const PYTHON = '/usr/bin/python3';
const FLAGS = ['--big', '--no-torch-big', '--show-last', '--check'];
/** torch 1.13 (Debian), one thread, on the 2-core development machine. */
const LAST_TORCH_BIG_SECONDS = 609;

const TORCH_SCRIPT = `
import sys, time, torch
torch.set_num_threads(1)
rows, cols = int(sys.argv[1]), int(sys.argv[2])
w = torch.empty(rows, cols)
torch.manual_seed(0)
start = time.perf_counter()
torch.nn.init.orthogonal_(w)
print(time.perf_counter() - start)
`;

interface Flags {
  readonly set: ReadonlySet<string>;
  readonly threads: number;
}

function parseFlags(args: readonly string[]): Flags {
  const set = new Set<string>();
  let threads = defaultThreads();
  for (const arg of args) {
    const value = /^--threads=(\d+)$/.exec(arg)?.[1];
    if (value !== undefined && Number(value) >= 1) {
      threads = Number(value);
    } else if (FLAGS.includes(arg)) {
      set.add(arg);
    } else {
      stderr.write(
        `bench/orthogonal: option must be one of ${FLAGS.join(', ')}, --threads=N (N >= 1); got ${arg}\n`,
      );
      exit(2);
    }
  }
  return { set, threads };
}

function torchAvailable(): boolean {
  const run = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
  return run.status === 0;
}

function timeTorch(rows: number, cols: number): number {
  const run = spawnSync(
    PYTHON,
    ['-c', TORCH_SCRIPT, String(rows), String(cols)],
    {
      encoding: 'utf8',
      env: {
        OMP_NUM_THREADS: '1',
        MKL_NUM_THREADS: '1',
        OPENBLAS_NUM_THREADS: '1',
      },
    },
  );
  if (run.status !== 0) throw new Error(`torch failed: ${run.stderr}`);
  return Number(run.stdout.trim());
}

function timeOurs(
  rows: number,
  cols: number,
  threads: number,
): { seconds: number; w: Float32Array } {
  const w = new Float32Array(rows * cols);
  const backend = new WasmBackend({ threads });
  const start = performance.now();
  randomOrthogonal(rows, cols, 0, 'fc.weight', w, 1, backend);
  const seconds = (performance.now() - start) / 1000;
  backend.dispose();
  return { seconds, w };
}

/** max |W W^T - I| for rows <= cols, in f64 on the wasm GEMM. */
function rowOrthogonalityError(
  w: Float32Array,
  rows: number,
  cols: number,
): number {
  const backend = new WasmBackend({ threads: defaultThreads() });
  const a = backend.alloc(rows * cols);
  const g = backend.alloc(rows * rows);
  backend.heap.set(w, a);
  backend.gemm(
    rows,
    rows,
    cols,
    1,
    { offset: a, rowStride: cols, colStride: 1 },
    { offset: a, rowStride: 1, colStride: cols },
    0,
    g,
    rows,
  );
  const heap = backend.heap;
  let worst = 0;
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < rows; i++) {
      const target = i === j ? 1 : 0;
      worst = Math.max(worst, Math.abs(heap[g + i + j * rows]! - target));
    }
  }
  backend.dispose();
  return worst;
}

const { set: flags, threads } = parseFlags(argv.slice(2));
const withTorch = torchAvailable();
const shapes: [number, number][] = [[4096, 4096]];
if (flags.has('--big')) shapes.push([4096, 25088]);
stdout.write(
  `torch: ${withTorch ? 'yes' : `no (${PYTHON} cannot import torch; absolute figures only)`}\n`,
);

for (const [rows, cols] of shapes) {
  const ours = timeOurs(rows, cols, threads);
  let line = `orthogonal ${rows}x${cols}: ours (threads ${threads}) ${ours.seconds.toFixed(2)} s`;
  const big = cols > 4096;
  if (withTorch && !(big && flags.has('--no-torch-big'))) {
    const torch = timeTorch(rows, cols);
    line += `, torch ${torch.toFixed(2)} s, torch/ours ${(torch / ours.seconds).toFixed(2)}`;
  } else if (big && flags.has('--show-last')) {
    line += `, torch not run (note: ${LAST_TORCH_BIG_SECONDS} s measured earlier on the development machine, ratio ${(LAST_TORCH_BIG_SECONDS / ours.seconds).toFixed(2)} against this run)`;
  }
  if (flags.has('--check')) {
    line += `, max|WW^T-I| ${rowOrthogonalityError(ours.w, rows, cols).toExponential(2)}`;
  }
  stdout.write(`${line}\n`);
}
