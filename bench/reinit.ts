/**
 * Re-initialising a big ONNX model, zoo against its Python peer: read,
 * list weights, fill every conv / Gemm weight with He-normal (std =
 * sqrt(2 / fanIn)) and every bias with zeros, write. Both run on the same
 * file in the same session; each in its own process so that peak RSS
 * (from /usr/bin/time -v when present) is its own.
 *
 *   npx tsx --conditions=@zoo/source bench/reinit.ts [MODEL.onnx[.gz]]
 *
 * Default model: fixtures/onnx/vgg16-torchvision-op13.onnx.gz, gunzipped
 * into a temp folder. `--no-peer` skips Python; `--child IN OUT` is the
 * zoo side (used by the parent). One JSON line per measurement follows.
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

import { RandomStream, computeFans, fillNormal } from '@zoo/init';
import { type FillChunk, listWeights, readModel, writeModel } from '@zoo/onnx';

async function child(source: string, target: string): Promise<void> {
  const t0 = performance.now();
  const model = await readModel(source);
  const t1 = performance.now();
  const weights = listWeights(model).filter((w) => w.isWeight);
  const fills = new Map<string, FillChunk>();
  for (const w of weights) {
    if (w.role === 'bias' || w.layout === undefined || w.layout === 'bias') {
      fills.set(w.name, (out) => out.fill(0));
      continue;
    }
    const std = Math.sqrt(2 / computeFans(w.shape, w.layout, w.group).fanIn);
    const stream = new RandomStream(7, w.name);
    fills.set(w.name, (out, start) => fillNormal(stream, out, 0, std, start));
  }
  const result = await writeModel(model, target, fills, { force: true });
  const t2 = performance.now();
  const line = {
    side: 'zoo',
    parseMs: t1 - t0,
    writeMs: t2 - t1,
    weights: weights.length,
    bytes: result.bytes,
  };
  console.log(JSON.stringify(line));
}

function timed(
  command: string,
  args: string[],
): { seconds: number; rssMb: number; stdout: string } {
  const time = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = spawnSync(
    time ? '/usr/bin/time' : command,
    time ? ['-v', command, ...args] : args,
    { encoding: 'utf8' },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return {
    seconds,
    rssMb: rss ? Number(rss[1]) / 1024 : NaN,
    stdout: r.stdout,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1] ?? '', args[2] ?? '');
  const dir = mkdtempSync(join(tmpdir(), 'zoo-bench-reinit-'));
  try {
    let model =
      args.find((a) => !a.startsWith('--')) ??
      join('fixtures', 'onnx', 'vgg16-torchvision-op13.onnx.gz');
    if (model.endsWith('.gz')) {
      const out = join(dir, 'model.onnx');
      await pipeline(
        createReadStream(model),
        createGunzip(),
        createWriteStream(out),
      );
      model = out;
    }
    const mb = statSync(model).size / 2 ** 20;
    console.log(`model ${model} (${mb.toFixed(0)} MB)`);
    const zoo = timed(process.execPath, [
      ...process.execArgv,
      process.argv[1] ?? '',
      '--child',
      model,
      join(dir, 'zoo.onnx'),
    ]);
    const inner = JSON.parse(
      zoo.stdout.trim().split('\n').pop() ?? '{}',
    ) as Record<string, number>;
    const rows = [
      { side: 'zoo', seconds: zoo.seconds, rssMb: zoo.rssMb, ...inner },
    ];
    if (!args.includes('--no-peer')) {
      const py = timed('/usr/bin/python3', [
        join('bench', 'reinit_peer.py'),
        model,
        join(dir, 'py.onnx'),
      ]);
      rows.push({ side: 'python', seconds: py.seconds, rssMb: py.rssMb });
    }
    for (const r of rows) {
      console.log(
        `${r.side.padEnd(7)} ${r.seconds.toFixed(2).padStart(7)} s  peak RSS ${r.rssMb.toFixed(0).padStart(6)} MB  (${(r.rssMb / mb).toFixed(2)}x model)`,
      );
    }
    for (const r of rows)
      console.log(JSON.stringify({ bench: 'reinit', modelMb: mb, ...r }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
