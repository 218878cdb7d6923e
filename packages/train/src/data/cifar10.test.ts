import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { closeTrainingData, openTrainingData } from '../loop/data.js';
import { RecipeError } from '../recipe/errors.js';
import { resolveRecipe } from '../recipe/validate.js';
import {
  CIFAR10_TEST_FILES,
  CIFAR10_TRAIN_FILES,
  loadCifar10Set,
} from './cifar10.js';
import { pillowMissing, tempFolder } from './test-helpers.js';

const missing = pillowMissing();
const COUNTS = [3, 2, 4, 1, 2];

// numpy writes the records and, as the reference, the same images moved
// from planes [n, 3, 32, 32] to NHWC with transpose(0, 2, 3, 1).
const SCRIPT = `
import sys
import numpy as np
d, counts = sys.argv[1], [int(c) for c in sys.argv[2:]]
rng = np.random.default_rng(3)
names = ['data_batch_%d.bin' % (i + 1) for i in range(5)] + ['test_batch.bin']
for name, n in zip(names, counts):
    labels = rng.integers(0, 10, n, dtype=np.uint8)
    planes = rng.integers(0, 256, (n, 3, 32, 32), dtype=np.uint8)
    records = np.concatenate([labels[:, None], planes.reshape(n, -1)], axis=1)
    records.tofile(d + '/' + name)
    planes.transpose(0, 2, 3, 1).tofile(d + '/' + name + '.nhwc')
    labels.tofile(d + '/' + name + '.labels')
`;

describe.skipIf(missing !== undefined)(
  `loadCifar10Set${missing === undefined ? '' : ` (skipped: ${missing})`}`,
  () => {
    let dir = '';
    let remove = (): void => {};
    beforeEach(() => {
      [dir, remove] = tempFolder('cifar10');
      execFileSync('/usr/bin/python3', [
        '-c',
        SCRIPT,
        dir,
        ...[...COUNTS, 3].map(String),
      ]);
    });
    afterEach(() => remove());

    const reference = (names: readonly string[], suffix: string) =>
      Buffer.concat(names.map((n) => readFileSync(join(dir, n + suffix))));

    it('reads planes into NHWC as numpy transposes them', () => {
      const train = loadCifar10Set(dir, 'train');
      expect([train.count, train.height, train.width, train.channels]).toEqual([
        12, 32, 32, 3,
      ]);
      expect(train.classes).toBe(10);
      expect(
        Buffer.from(train.pixels).equals(
          reference(CIFAR10_TRAIN_FILES, '.nhwc'),
        ),
      ).toBe(true);
      expect(
        Buffer.from(train.labels).equals(
          reference(CIFAR10_TRAIN_FILES, '.labels'),
        ),
      ).toBe(true);
      const test = loadCifar10Set(dir, 'test');
      expect(
        Buffer.from(test.pixels).equals(reference(CIFAR10_TEST_FILES, '.nhwc')),
      ).toBe(true);
    });

    it('keeps the first trainLimit records across files', () => {
      const six = loadCifar10Set(dir, 'train', 6);
      expect(six.count).toBe(6);
      const all = reference(CIFAR10_TRAIN_FILES, '.nhwc');
      expect(Buffer.from(six.pixels).equals(all.subarray(0, 6 * 3072))).toBe(
        true,
      );
      expect(loadCifar10Set(dir, 'test', 99).count).toBe(3);
    });

    it('serves batches through openTrainingData', async () => {
      const recipe = resolveRecipe({
        batchSize: 4,
        data: {
          kind: 'cifar10',
          folder: dir,
          mean: [0.5],
          std: [0.5],
          testLimit: 2,
        },
      });
      const data = await openTrainingData(recipe);
      try {
        expect([data.train.count, data.test?.count]).toEqual([12, 2]);
        expect(data.train.imageShape).toEqual([32, 32, 3]);
        const b = await data.train.batch([11, 0], { epoch: 0, training: true });
        const all = reference(CIFAR10_TRAIN_FILES, '.nhwc');
        const labels = reference(CIFAR10_TRAIN_FILES, '.labels');
        expect(Array.from(b.labels)).toEqual([labels[11], labels[0]]);
        expect(b.x[0]).toBe(
          Math.fround(((all[11 * 3072] as number) / 255 - 0.5) / 0.5),
        );
      } finally {
        await closeTrainingData(data);
      }
    });

    it('names the file that is missing, cut or mislabelled', () => {
      const fourth = join(dir, 'data_batch_4.bin');
      rmSync(fourth);
      expect(() => loadCifar10Set(dir, 'train')).toThrow(RecipeError);
      expect(() => loadCifar10Set(dir, 'train', 1)).toThrow(
        `cifar10: ${fourth} must exist; got no such file`,
      );
      const test = join(dir, 'test_batch.bin');
      appendFileSync(test, Buffer.from([1]));
      expect(() => loadCifar10Set(dir, 'test')).toThrow(
        `cifar10: ${test} must hold whole records of 3073 bytes; got 9220 bytes`,
      );
      const bytes = readFileSync(test).subarray(0, 3 * 3073);
      bytes[3073] = 10;
      writeFileSync(test, bytes);
      expect(() => loadCifar10Set(dir, 'test')).toThrow(
        `cifar10: ${test} record 1 must have a label in 0-9; got 10`,
      );
      writeFileSync(test, '');
      expect(() => loadCifar10Set(dir, 'test')).toThrow(/got 0 bytes/);
    });
  },
);
