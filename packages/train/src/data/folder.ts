/**
 * An ImageNet-layout image folder: `train/<class>/...` and optionally
 * `val/<class>/...`. Classes are the subfolders of `train` sorted by code
 * point (torchvision's ImageFolder); `val` uses the same indices. Images
 * are the files named .jpg, .jpeg or .png in any case, in a class folder
 * or its subfolders, sorted by path. Other files, names starting with a
 * dot and symbolic links to folders inside a class are skipped.
 */
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { extname, join } from 'node:path';

import { RecipeError } from '../recipe/errors.js';

export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png'];

export interface FolderSplit {
  /** The split's folder (`<root>/train` or `<root>/val`). */
  readonly root: string;
  /** Image paths, class by class. */
  readonly files: readonly string[];
  /** Class index of each file. */
  readonly labels: Int32Array;
}

export interface ImageFolder {
  /** Class names; index = label. */
  readonly classes: readonly string[];
  readonly train: FolderSplit;
  /** Undefined when the folder has no `val`. */
  readonly val: FolderSplit | undefined;
}

/** Sorts as Python sorts str: by code point (= by UTF-8 bytes). */
function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function isDirectory(parent: string, entry: Dirent): boolean {
  if (entry.isSymbolicLink()) {
    return (
      statSync(join(parent, entry.name), {
        throwIfNoEntry: false,
      })?.isDirectory() === true
    );
  }
  return entry.isDirectory();
}

function classFolders(split: string): string[] {
  return readdirSync(split, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && isDirectory(split, e))
    .map((e) => e.name)
    .sort(byCodePoint);
}

function imagesUnder(folder: string, out: string[]): void {
  const entries = readdirSync(folder, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => byCodePoint(a.name, b.name));
  for (const e of entries) {
    const path = join(folder, e.name);
    if (e.isDirectory()) {
      imagesUnder(path, out);
    } else if (IMAGE_EXTENSIONS.includes(extname(e.name).toLowerCase())) {
      out.push(path);
    }
  }
}

function readSplit(root: string, classes: readonly string[]): FolderSplit {
  const files: string[] = [];
  const labels: number[] = [];
  classes.forEach((name, label) => {
    const folder = join(root, name);
    const before = files.length;
    imagesUnder(folder, files);
    if (files.length === before) {
      throw new RecipeError(
        `folder: ${folder} must hold at least one ` +
          `${IMAGE_EXTENSIONS.join(', ')} image; got none`,
      );
    }
    for (let i = before; i < files.length; i++) labels.push(label);
  });
  return { root, files, labels: Int32Array.from(labels) };
}

function needFolder(path: string, what: string): void {
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new RecipeError(
      `folder: ${path} must be a folder (${what}); got ${
        existsSync(path) ? 'a file' : 'nothing'
      }`,
    );
  }
}

/** Scans `root`; throws RecipeError naming the folder at fault. */
export function scanImageFolder(root: string): ImageFolder {
  const trainRoot = join(root, 'train');
  needFolder(trainRoot, 'the training images, one subfolder per class');
  const classes = classFolders(trainRoot);
  if (classes.length === 0) {
    throw new RecipeError(
      `folder: ${trainRoot} must hold one subfolder per class; got none`,
    );
  }
  const train = readSplit(trainRoot, classes);

  const valRoot = join(root, 'val');
  if (!existsSync(valRoot)) {
    return { classes, train, val: undefined };
  }
  needFolder(valRoot, 'the validation images, one subfolder per class');
  const valClasses = classFolders(valRoot);
  const extra = valClasses.filter((c) => !classes.includes(c));
  if (extra.length > 0) {
    const shown = extra.slice(0, 5).join(', ');
    const more = extra.length > 5 ? ` and ${extra.length - 5} more` : '';
    throw new RecipeError(
      `folder: ${valRoot} must have only classes of ${trainRoot}; got ` +
        `${shown}${more}`,
    );
  }
  if (valClasses.length === 0) {
    throw new RecipeError(
      `folder: ${valRoot} must hold one subfolder per class; got none`,
    );
  }
  const val = readSplit(valRoot, valClasses);
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = val.labels.map(
    (l) => index.get(valClasses[l] as string) as number,
  );
  return { classes, train, val: { ...val, labels } };
}

/**
 * `limit` images of `split` spread over all of it (image floor(i * n /
 * limit) for i < limit), spread over the classes; 0 or >= n keeps all.
 */
export function limitSplit(split: FolderSplit, limit: number): FolderSplit {
  const n = split.files.length;
  if (limit <= 0 || limit >= n) {
    return split;
  }
  const pick = Array.from({ length: limit }, (_, i) =>
    Math.floor((i * n) / limit),
  );
  return {
    root: split.root,
    files: pick.map((i) => split.files[i] as string),
    labels: Int32Array.from(pick, (i) => split.labels[i] as number),
  };
}
