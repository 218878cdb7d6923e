import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  closeTrainingData,
  decodeThreadCount,
  openTrainingData,
} from '../loop/data.js';
import { RecipeError } from '../recipe/errors.js';
import { resolveRecipe } from '../recipe/validate.js';
import { placeCrop, WORDS_PER_IMAGE } from './augment.js';
import { DecodePool } from './decode-pool.js';
import { augmentWords } from './folder-source.js';
import type { BatchSource } from './source.js';
import {
  noise,
  pillow,
  pillowMissing,
  smooth,
  tempFolder,
  type PillowOp,
} from './test-helpers.js';

const missing = pillowMissing();
const MEAN = [0.5, 0.25, 0.75];
const STD = [0.2, 0.5, 0.25];
/** a.png: 30x24 noise, which resize 24 leaves as it is. */
const A = noise(30 * 24 * 3, 42);

function recipe(folder: string, threads: number, extra: object = {}) {
  return resolveRecipe({
    seed: 7,
    batchSize: 2,
    data: {
      kind: 'folder',
      folder,
      mean: MEAN,
      std: STD,
      resize: 24,
      crop: 20,
      decodeThreads: threads,
      ...extra,
    },
  });
}

function fixture(root: string): void {
  const rgb = (w: number, h: number, data: Uint8Array) => ({
    width: w,
    height: h,
    mode: 'RGB',
    data,
  });
  const flat = (w: number, h: number) =>
    rgb(
      w,
      h,
      new Uint8Array(w * h * 3).map((_, i) => [10, 128, 250][i % 3] as number),
    );
  const ops: PillowOp[] = [
    { op: 'save', path: 'train/cat/a.png', image: rgb(30, 24, A) },
    {
      op: 'save',
      path: 'train/cat/b.jpg',
      image: rgb(40, 31, smooth(40, 31, 1)),
    },
    {
      op: 'save',
      path: 'train/cat/c.PNG',
      image: { width: 24, height: 50, mode: 'L', data: noise(1200, 5) },
    },
    { op: 'save', path: 'train/dog/d.png', image: flat(33, 27) },
    {
      op: 'save',
      path: 'train/dog/e.jpeg',
      image: rgb(27, 27, smooth(27, 27, 2)),
    },
    {
      op: 'save',
      path: 'train/dog/f.png',
      image: { width: 50, height: 26, mode: 'RGBA', data: noise(5200, 6) },
    },
    { op: 'save', path: 'val/dog/g.png', image: flat(28, 24) },
  ];
  for (const o of ops) {
    mkdirSync(dirname(join(root, o.path)), { recursive: true });
  }
  pillow(ops.map((o) => ({ ...o, path: join(root, o.path) })));
}

describe.skipIf(missing !== undefined)(
  `folder sources${missing === undefined ? '' : ` (skipped: ${missing})`}`,
  () => {
    let root = '';
    let remove = (): void => {};
    beforeAll(() => {
      [root, remove] = tempFolder('folder-source');
      fixture(root);
    });
    afterAll(() => remove());

    async function withData<T>(
      threads: number,
      f: (train: BatchSource, test: BatchSource | undefined) => Promise<T>,
    ): Promise<T> {
      const data = await openTrainingData(recipe(root, threads));
      try {
        return await f(data.train, data.test);
      } finally {
        await closeTrainingData(data);
      }
    }

    it('normalises a centred evaluation crop per channel', async () => {
      await withData(0, async (train, test) => {
        expect([train.count, train.classes, test?.count]).toEqual([6, 2, 1]);
        expect(train.imageShape).toEqual([20, 20, 3]);
        const b = await (test as BatchSource).batch([0], {
          epoch: 0,
          training: false,
        });
        expect(b.shape).toEqual([1, 20, 20, 3]);
        expect(Array.from(b.labels)).toEqual([1]);
        const want = [10, 128, 250].map((v, c) =>
          Math.fround((v / 255 - (MEAN[c] as number)) / (STD[c] as number)),
        );
        for (let p = 0; p < 400; p++) {
          expect(Array.from(b.x.subarray(3 * p, 3 * p + 3))).toEqual(want);
        }
      });
    });

    it('crops and flips training images where the stream says', async () => {
      await withData(0, async (train) => {
        const flips = new Set<boolean>();
        for (let epoch = 0; epoch < 8; epoch++) {
          const b = await train.batch([0], { epoch, training: true });
          const words = augmentWords(7, epoch, [0]).subarray(
            0,
            WORDS_PER_IMAGE,
          );
          const at = placeCrop(
            30,
            24,
            { resize: 24, crop: 20, flip: true },
            words,
          );
          flips.add(at.flip);
          for (let y = 0; y < 20; y++) {
            for (let x = 0; x < 20; x++) {
              const sx = at.left + (at.flip ? 19 - x : x);
              for (let c = 0; c < 3; c++) {
                const v = A[((at.top + y) * 30 + sx) * 3 + c] as number;
                const want =
                  (v / 255 - (MEAN[c] as number)) / (STD[c] as number);
                expect(b.x[(y * 20 + x) * 3 + c]).toBe(Math.fround(want));
              }
            }
          }
        }
        expect([...flips].sort()).toEqual([false, true]);
      });
    });

    it('gives the same batches with 0, 1 and 2 decoding threads', async () => {
      const all = [0, 1, 2, 3, 4, 5];
      const order = [4, 0, 5, 2];
      const runs = [];
      for (const threads of [0, 1, 2]) {
        runs.push(
          await withData(threads, async (train) => {
            const t = await train.batch(all, { epoch: 3, training: true });
            const e = await train.batch(all, { epoch: 3, training: false });
            const o = await train.batch(order, { epoch: 3, training: true });
            return { t, e, o };
          }),
        );
      }
      const [zero, ...rest] = runs;
      for (const r of rest) {
        expect(r.t.x).toEqual(zero?.t.x);
        expect(r.e.x).toEqual(zero?.e.x);
        expect(r.o.x).toEqual(zero?.o.x);
      }
      const size = 20 * 20 * 3;
      order.forEach((index, i) => {
        expect(zero?.o.x.subarray(i * size, (i + 1) * size)).toEqual(
          zero?.t.x.subarray(index * size, (index + 1) * size),
        );
      });
      expect(Array.from(zero?.t.labels ?? [])).toEqual([0, 0, 0, 1, 1, 1]);
      const other = await withData(0, (train) =>
        train.batch(all, { epoch: 4, training: true }),
      );
      expect(other.x).not.toEqual(zero?.t.x);
    });

    it('rejects a batch with a bad file by name, and keeps working', async () => {
      const [bad, removeBad] = tempFolder('folder-bad');
      try {
        mkdirSync(join(bad, 'train/x'), { recursive: true });
        pillow([
          {
            op: 'save',
            path: join(bad, 'train/x/a.png'),
            image: { width: 24, height: 24, mode: 'RGB', data: noise(1728, 1) },
          },
        ]);
        const broken = join(bad, 'train/x/b.jpg');
        writeFileSync(broken, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 3]));
        for (const threads of [0, 2]) {
          const data = await openTrainingData(
            recipe(bad, threads, { decodeThreads: threads }),
          );
          const request = { epoch: 0, training: true };
          await expect(data.train.batch([0, 1], request)).rejects.toThrow(
            RecipeError,
          );
          await expect(data.train.batch([1], request)).rejects.toThrow(
            `decodeImage: ${broken} must be a readable JPEG; got`,
          );
          const ok = await data.train.batch([0, 0], request);
          expect(ok.shape).toEqual([2, 20, 20, 3]);
          await closeTrainingData(data);
          await expect(data.train.batch([0], request)).rejects.toThrow(
            'folderSource: batch must come before close; got closed',
          );
        }
      } finally {
        removeBad();
      }
    });

    it('refuses bad recipes and indices before decoding', async () => {
      await expect(
        openTrainingData(recipe(root, 0, { folder: join(root, 'none') })),
      ).rejects.toThrow(
        `recipe: data.folder must be an existing folder; got ${join(root, 'none')}`,
      );
      await expect(
        openTrainingData({ ...recipe(root, 0), batchSize: 7 }),
      ).rejects.toThrow(
        'recipe: batchSize must be at most the training set size (6); got 7',
      );
      const r = recipe(root, 0);
      await expect(
        openTrainingData({
          ...r,
          model: { ...r.model, architecture: 'vgg-d' },
        }),
      ).rejects.toThrow(
        'recipe: data.crop must be 224 (the input side of vgg-d); got 20',
      );
      const limited = await openTrainingData(
        recipe(root, 0, { trainLimit: 3 }),
      );
      expect(limited.train.count).toBe(3);
      await expect(
        limited.train.batch([3], { epoch: 0, training: false }),
      ).rejects.toThrow('folderSource: indices[0] must be in [0, 3); got 3');
      await closeTrainingData(limited);
    });

    it('lets the process exit, closed or idle', () => {
      const here = dirname(fileURLToPath(import.meta.url));
      const script = `
        import { DecodePool } from ${JSON.stringify(join(here, 'decode-pool.ts'))};
        import { scanImageFolder } from ${JSON.stringify(join(here, 'folder.ts'))};
        import { folderSource } from ${JSON.stringify(join(here, 'folder-source.ts'))};
        const folder = scanImageFolder(${JSON.stringify(root)});
        const data = ${JSON.stringify(recipe(root, 2).data)};
        const open = () => folderSource({
          split: folder.train, classes: 2, data, seed: 1,
          pool: new DecodePool(2, { resize: 24, crop: 20, flip: true }),
        });
        const closed = open();
        const idle = open();
        const a = await closed.batch([0, 1, 2], { epoch: 0, training: true });
        const b = await idle.batch([3, 4], { epoch: 0, training: false });
        await closed.close();
        console.log('done', a.shape.join('x'), b.shape.join('x'));
      `;
      const file = join(root, 'exit.mts');
      writeFileSync(file, script);
      const out = execFileSync(
        'node',
        ['--conditions=@zoo/source', '--import', 'tsx', file],
        { encoding: 'utf8', timeout: 60_000, cwd: here },
      );
      expect(out.trim()).toBe('done 3x20x20x3 2x20x20x3');
    });
  },
);

describe('DecodePool', () => {
  it('resolves decodeThreads -1 to min(4, cores)', () => {
    expect(decodeThreadCount(-1)).toBe(Math.min(4, availableParallelism()));
    expect(decodeThreadCount(0)).toBe(0);
    expect(decodeThreadCount(3)).toBe(3);
  });

  it('needs a positive thread count', () => {
    const p = { resize: 24, crop: 20, flip: true };
    expect(() => new DecodePool(0, p)).toThrow(
      'DecodePool: threads must be a positive integer; got 0',
    );
  });
});
