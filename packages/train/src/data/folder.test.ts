import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { RecipeError } from '../recipe/errors.js';
import { limitSplit, scanImageFolder } from './folder.js';
import { tempFolder } from './test-helpers.js';

let root = '';
let remove = (): void => {};
beforeEach(() => {
  [root, remove] = tempFolder('folder');
});
afterEach(() => remove());

/** Empty files at `paths` under root (scanning never decodes). */
function touch(...paths: string[]): void {
  for (const p of paths) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), '');
  }
}

describe('scanImageFolder', () => {
  it('sorts classes and files by code point and filters by extension', () => {
    touch(
      'train/b/2.png',
      'train/b/1.JPG',
      'train/b/notes.txt',
      'train/b/.hidden.png',
      'train/b/x.gif',
      'train/a/z.Jpeg',
      'train/a/deep/y.png',
      'train/B/k.jpg',
      'train/é/m.png',
      'train/.cache/q.png',
    );
    mkdirSync(join(root, 'train/.empty'));
    const f = scanImageFolder(root);
    expect(f.classes).toEqual(['B', 'a', 'b', 'é']);
    expect(f.train.files.map((p) => p.slice(root.length + 1))).toEqual([
      'train/B/k.jpg',
      'train/a/deep/y.png',
      'train/a/z.Jpeg',
      'train/b/1.JPG',
      'train/b/2.png',
      'train/é/m.png',
    ]);
    expect(Array.from(f.train.labels)).toEqual([0, 1, 1, 2, 2, 3]);
    expect(f.val).toBeUndefined();
  });

  it('gives val the class indices of train', () => {
    touch('train/a/1.png', 'train/b/1.png', 'train/c/1.png');
    touch('val/c/1.png', 'val/c/2.png', 'val/a/3.png');
    const f = scanImageFolder(root);
    expect(f.val?.files.map((p) => p.slice(root.length + 1))).toEqual([
      'val/a/3.png',
      'val/c/1.png',
      'val/c/2.png',
    ]);
    expect(Array.from(f.val?.labels ?? [])).toEqual([0, 2, 2]);
  });

  it('names the folder at fault', () => {
    const expectError = (text: string): void => {
      expect(() => scanImageFolder(root)).toThrow(RecipeError);
      expect(() => scanImageFolder(root)).toThrow(text);
    };
    expectError(
      `folder: ${join(root, 'train')} must be a folder (the training images, ` +
        `one subfolder per class); got nothing`,
    );
    touch('train/loose.png');
    expectError(
      `folder: ${join(root, 'train')} must hold one subfolder per class; got none`,
    );
    touch('train/a/readme.txt', 'train/b/1.png');
    expectError(
      `folder: ${join(root, 'train/a')} must hold at least one .jpg, .jpeg, ` +
        `.png image; got none`,
    );
    touch('train/a/1.png', 'val/a/1.png', 'val/zebra/1.png', 'val/yak/1.png');
    expectError(
      `folder: ${join(root, 'val')} must have only classes of ` +
        `${join(root, 'train')}; got yak, zebra`,
    );
  });

  it('refuses an empty val class and a val that is a file', () => {
    touch('train/a/1.png');
    mkdirSync(join(root, 'val/a'), { recursive: true });
    expect(() => scanImageFolder(root)).toThrow(
      `folder: ${join(root, 'val/a')} must hold at least one`,
    );
    remove();
    [root, remove] = tempFolder('folder');
    touch('train/a/1.png', 'val');
    expect(() => scanImageFolder(root)).toThrow(
      `folder: ${join(root, 'val')} must be a folder (the validation images, ` +
        `one subfolder per class); got a file`,
    );
  });
});

describe('limitSplit', () => {
  it('keeps images floor(i * n / limit), spread over the classes', () => {
    const split = {
      root: 'r',
      files: Array.from({ length: 10 }, (_, i) => `f${i}`),
      labels: Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
    };
    const four = limitSplit(split, 4);
    expect(four.files).toEqual(['f0', 'f2', 'f5', 'f7']);
    expect(Array.from(four.labels)).toEqual([0, 0, 1, 1]);
    expect(limitSplit(split, 0)).toBe(split);
    expect(limitSplit(split, 10)).toBe(split);
  });
});
