/**
 * Throughput of the @zoo/init generator against PyTorch, single thread:
 * fills of 16M float32 from U(0, 1) and N(0, 1), best of 5, in samples/s.
 *
 *   npx tsx --conditions=@zoo/source bench/generator.ts
 *
 * PyTorch is timed in the same run through /usr/bin/python3 when it imports
 * torch (torch.empty(n).uniform_() and .normal_(), one thread). Both sides
 * run in ROUNDS alternating rounds and keep their best, so a machine busy
 * with other work penalises both alike; when torch is missing only our
 * figures are printed.
 */
import { spawnSync } from 'node:child_process';
import {
  fillNormal,
  fillTruncatedNormal,
  fillUniform,
  RandomStream,
} from '@zoo/init';

const N = 1 << 24;
const REPEATS = 3;
const ROUNDS = 3;

type Fill = (stream: RandomStream, out: Float32Array) => void;

const cases: Record<string, Fill> = {
  uniform: (s, out) => fillUniform(s, out, 0, 1),
  normal: (s, out) => fillNormal(s, out, 0, 1),
};

function best(fill: Fill, n: number, repeats: number): number {
  const out = new Float32Array(n);
  const stream = new RandomStream(0, 'bench');
  let fastest = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fill(stream, out);
    fastest = Math.min(fastest, performance.now() - t0);
  }
  return n / (fastest / 1000);
}

const TORCH = `
import json, time, torch
torch.set_num_threads(1)
x = torch.empty(${N})
out = {}
for name in ('uniform', 'normal'):
    fill = getattr(x, name + '_')
    fill()
    fastest = min(
        (lambda t: (fill(), time.perf_counter() - t)[1])(time.perf_counter())
        for _ in range(${REPEATS})
    )
    out[name] = ${N} / fastest
print(json.dumps(out))
`;

function torchRates(): Record<string, number> | undefined {
  const run = spawnSync('/usr/bin/python3', ['-c', TORCH], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) return undefined;
  return JSON.parse(run.stdout.trim()) as Record<string, number>;
}

function mega(rate: number): string {
  return `${(rate / 1e6).toFixed(0).padStart(5)} M/s`;
}

function bestOf(
  a: Record<string, number> | undefined,
  b: Record<string, number> | undefined,
): Record<string, number> | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const out: Record<string, number> = {};
  for (const name of Object.keys(a)) out[name] = Math.max(a[name]!, b[name]!);
  return out;
}

console.log(
  `generator bench: ${N} float32 per fill, best of ${ROUNDS} x ${REPEATS}`,
);
let torch: Record<string, number> | undefined;
const rates: Record<string, number> = {};
for (let round = 0; round < ROUNDS; round++) {
  if (round === 0 || torch !== undefined) {
    torch = bestOf(torch, torchRates());
  }
  for (const [name, fill] of Object.entries(cases)) {
    rates[name] = Math.max(rates[name] ?? 0, best(fill, N, REPEATS));
  }
}
if (torch === undefined) console.log('torch: not available');
for (const name of Object.keys(cases)) {
  const ours = rates[name]!;
  const theirs = torch?.[name];
  const versus =
    theirs === undefined
      ? ''
      : `  torch ${mega(theirs)}  ours/torch ${(ours / theirs).toFixed(2)}`;
  console.log(`${name.padEnd(17)} ours ${mega(ours)}${versus}`);
}
const truncated = best(
  (s, out) => fillTruncatedNormal(s, out, 0, 1, -2, 2),
  N / 8,
  2,
);
console.log(`${'truncated-normal'.padEnd(17)} ours ${mega(truncated)}`);
