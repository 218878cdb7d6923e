/**
 * `zoo reinit` on a big model against its Python peer (onnx.load,
 * torch.nn.init per weight, onnx.save), timed as a user runs them:
 *
 *   zoo:  node apps/cli/bin/zoo.js reinit IN -o OUT --scheme he-normal
 *         --seed 7 --quiet   (the built CLI; `npm run build` runs first)
 *   peer: /usr/bin/python3 bench/reinit_peer.py IN OUT
 *
 * Each runs under `/usr/bin/time -f '%e %M'` (wall seconds, peak RSS KiB),
 * alternating, best of N (default 3) for time and the largest peak RSS,
 * on the same input on the same disk, outputs deleted between runs. Also
 * times `dd ... conv=fsync` of the input as the I/O floor: reading and
 * durably writing the model's bytes, which zoo must also do.
 *
 *   npx tsx --conditions=@zoo/source bench/reinit.ts [MODEL.onnx[.gz]]
 *       [--runs N] [--no-build] [--no-peer]
 *
 * Default model: fixtures/onnx/vgg16-torchvision-op13.onnx.gz, gunzipped
 * into a temp folder. Issue 3's targets: zoo's time at most a third of
 * the peer's, zoo's peak RSS at most 1.5x the model's size. The ratio is
 * printed only when /usr/bin/python3 has torch and onnx; else absolute
 * figures only. One JSON line closes the output.
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
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

const TIME = '/usr/bin/time';
const PYTHON = '/usr/bin/python3';
const TARGET = { timeRatio: 1 / 3, rssRatio: 1.5 };

interface Run {
  readonly seconds: number;
  readonly rssMiB: number;
}

/** Runs a command under /usr/bin/time; throws with its stderr on failure. */
function timed(command: string, args: readonly string[]): Run {
  const r = spawnSync(TIME, ['-f', '%e %M', command, ...args], {
    encoding: 'utf8',
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const m = /^(\d+(?:\.\d+)?) (\d+)$/.exec(last);
  if (r.status !== 0 || m === null) {
    throw new Error(`bench: ${command} must succeed; got ${r.stderr}`);
  }
  return { seconds: Number(m[1]), rssMiB: Number(m[2]) / 1024 };
}

/** Fastest time and largest peak RSS over the runs. */
function best(runs: readonly Run[]): Run {
  return {
    seconds: Math.min(...runs.map((r) => r.seconds)),
    rssMiB: Math.max(...runs.map((r) => r.rssMiB)),
  };
}

function peerAvailable(): boolean {
  if (!existsSync(PYTHON)) return false;
  const probe = spawnSync(PYTHON, ['-c', 'import torch, onnx'], {
    stdio: 'ignore',
  });
  return probe.status === 0;
}

async function unpacked(model: string, dir: string): Promise<string> {
  if (!model.endsWith('.gz')) return resolve(model);
  const out = join(dir, 'model.onnx');
  await pipeline(
    createReadStream(model),
    createGunzip(),
    createWriteStream(out),
  );
  return out;
}

function line(label: string, r: Run, modelMiB: number): string {
  const rss = `${r.rssMiB.toFixed(0).padStart(6)} MiB`;
  const x = (r.rssMiB / modelMiB).toFixed(2);
  return `${label.padEnd(6)} ${r.seconds.toFixed(2).padStart(6)} s  peak RSS ${rss} (${x}x model)`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '3' },
      'no-build': { type: 'boolean', default: false },
      'no-peer': { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isSafeInteger(runs) || runs < 1) {
    throw new Error(`bench: --runs must be a positive integer; got ${runs}`);
  }
  if (!existsSync(TIME)) throw new Error(`bench: ${TIME} must exist`);
  if (!values['no-build']) {
    const build = spawnSync('npm', ['run', 'build'], { stdio: 'ignore' });
    if (build.status !== 0) throw new Error('bench: npm run build failed');
  }
  const peer = !values['no-peer'] && peerAvailable();
  const dir = mkdtempSync(join(tmpdir(), 'zoo-bench-reinit-'));
  try {
    const source =
      positionals[0] ??
      join('fixtures', 'onnx', 'vgg16-torchvision-op13.onnx.gz');
    const model = await unpacked(source, dir);
    const modelMiB = statSync(model).size / 2 ** 20;
    const out = join(dir, 'out.onnx');
    const zooArgs = [
      join('apps', 'cli', 'bin', 'zoo.js'),
      ...['reinit', model, '-o', out, '--scheme', 'he-normal'],
      ...['--seed', '7', '--quiet'],
    ];
    const peerArgs = [join('bench', 'reinit_peer.py'), model, out];
    const floorArgs = [`if=${model}`, `of=${out}`, 'bs=16M', 'conv=fsync'];
    console.log(`model ${model} (${modelMiB.toFixed(0)} MiB), best of ${runs}`);
    const zoo: Run[] = [];
    const py: Run[] = [];
    const floor: Run[] = [];
    for (let i = 0; i < runs; i++) {
      zoo.push(timed(process.execPath, zooArgs));
      rmSync(out, { force: true });
      if (peer) {
        py.push(timed(PYTHON, peerArgs));
        rmSync(out, { force: true });
      }
      floor.push(timed('dd', floorArgs));
      rmSync(out, { force: true });
    }
    const z = best(zoo);
    const f = best(floor);
    console.log(line('zoo', z, modelMiB));
    const row: Record<string, unknown> = {
      bench: 'reinit',
      modelMiB,
      runs,
      zooSeconds: z.seconds,
      zooRuns: zoo.map((r) => r.seconds),
      zooRssMiB: z.rssMiB,
      rssRatio: z.rssMiB / modelMiB,
      ddFsyncSeconds: f.seconds,
    };
    if (peer) {
      const p = best(py);
      const ratio = z.seconds / p.seconds;
      console.log(line('python', p, modelMiB));
      console.log(
        `time zoo/python ${ratio.toFixed(2)} (target <= ` +
          `${TARGET.timeRatio.toFixed(2)}: ${ratio <= TARGET.timeRatio ? 'met' : 'not met'})`,
      );
      Object.assign(row, {
        peerSeconds: p.seconds,
        peerRuns: py.map((r) => r.seconds),
        peerRssMiB: p.rssMiB,
        timeRatio: ratio,
      });
    } else {
      const why = values['no-peer']
        ? '--no-peer'
        : `${PYTHON} lacks torch or onnx`;
      console.log(`python: not run (${why}); absolute figures only`);
    }
    const rss = z.rssMiB / modelMiB;
    console.log(
      `peak RSS zoo/model ${rss.toFixed(2)} (target <= ${TARGET.rssRatio}: ` +
        `${rss <= TARGET.rssRatio ? 'met' : 'not met'})`,
    );
    console.log(
      `floor: dd bs=16M conv=fsync of the model ${f.seconds.toFixed(2)} s`,
    );
    console.log(JSON.stringify(row));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
