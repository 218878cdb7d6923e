/**
 * Checkpoints: one file holding the resolved recipe, the step, the data
 * position (seed, epoch, index of the next image in that epoch's order),
 * the schedule's plateau state, every model weight and the SGD velocity.
 *
 * Format: the 8 bytes `ZOOCKPT1`, a uint32 (little-endian) header length,
 * the header as UTF-8 JSON, zero padding to a multiple of 4, then the
 * tensors as little-endian float32 at the offsets the header gives (in
 * floats from the start of the data). Written to a temp file beside the
 * target, fsynced, renamed over it, and the folder fsynced: a crash leaves
 * the old checkpoint or the new one, never a torn file.
 */
import { readFileSync } from 'node:fs';

import { writeFileAtomic } from '../files.js';
import type { PlateauState } from '../optim/schedule.js';
import { RecipeError } from '../recipe/errors.js';
import type { Recipe } from '../recipe/types.js';

const MAGIC = 'ZOOCKPT1';

export interface DataPosition {
  readonly seed: number;
  readonly epoch: number;
  /** Position in the epoch's permutation of the next image to train on. */
  readonly index: number;
}

export interface StoredTensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export interface Checkpoint {
  readonly step: number;
  /** Data-parallel replicas of the run that wrote it (1 before workers). */
  readonly workers: number;
  readonly data: DataPosition;
  readonly recipe: Recipe;
  readonly plateau: PlateauState;
  readonly weights: Readonly<Record<string, StoredTensor>>;
  readonly velocity: Readonly<Record<string, StoredTensor>>;
}

interface Entry {
  group: 'weights' | 'velocity';
  name: string;
  shape: readonly number[];
  offset: number;
  length: number;
}

/** Writes `ckpt` to `path` atomically. */
export function writeCheckpoint(path: string, ckpt: Checkpoint): void {
  const entries: Entry[] = [];
  const arrays: Float32Array[] = [];
  let offset = 0;
  for (const group of ['weights', 'velocity'] as const) {
    for (const [name, t] of Object.entries(ckpt[group])) {
      entries.push({
        group,
        name,
        shape: t.shape,
        offset,
        length: t.values.length,
      });
      arrays.push(t.values);
      offset += t.values.length;
    }
  }
  const { weights: _w, velocity: _v, ...rest } = ckpt;
  const plateau = { ...rest.plateau, best: String(rest.plateau.best) };
  const header = Buffer.from(
    JSON.stringify({ version: 1, ...rest, plateau, tensors: entries }),
    'utf8',
  );
  const pad = (4 - ((12 + header.length) % 4)) % 4;
  const head = Buffer.alloc(12 + header.length + pad);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(header.length, 8);
  header.copy(head, 12);

  writeFileAtomic(path, [
    head,
    ...arrays.map((a) =>
      littleEndian(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)),
    ),
  ]);
}

function littleEndian(bytes: Uint8Array): Uint8Array {
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] === 1) {
    return bytes;
  }
  const out = Buffer.from(bytes);
  out.swap32();
  return out;
}

/** Reads a checkpoint written by `writeCheckpoint`. */
export function readCheckpoint(path: string): Checkpoint {
  const bytes = readFileSync(path);
  if (bytes.length < 12 || bytes.toString('latin1', 0, 8) !== MAGIC) {
    throw new RecipeError(
      `readCheckpoint: ${path} must start with ${MAGIC}; got ` +
        `${JSON.stringify(bytes.toString('latin1', 0, Math.min(8, bytes.length)))}`,
    );
  }
  const length = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString('utf8', 12, 12 + length)) as Omit<
    Checkpoint,
    'weights' | 'velocity' | 'plateau' | 'workers'
  > & {
    workers?: number;
    plateau: { best: string; bad: number; decays: number };
    tensors: Entry[];
  };
  const start = 12 + length + ((4 - ((12 + length) % 4)) % 4);
  const data = Buffer.from(bytes.subarray(start));
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
    data.swap32();
  }
  const floats = new Float32Array(
    data.buffer,
    data.byteOffset,
    data.length / 4,
  );
  const weights: Record<string, StoredTensor> = {};
  const velocity: Record<string, StoredTensor> = {};
  for (const e of header.tensors) {
    if (e.offset + e.length > floats.length) {
      throw new RecipeError(
        `readCheckpoint: ${path} must hold ${e.name} at floats ` +
          `[${e.offset}, ${e.offset + e.length}); got ${floats.length} floats`,
      );
    }
    const values = floats.slice(e.offset, e.offset + e.length);
    (e.group === 'weights' ? weights : velocity)[e.name] = {
      shape: e.shape,
      values,
    };
  }
  const { tensors: _t, workers, ...rest } = header;
  const plateau = { ...rest.plateau, best: Number(rest.plateau.best) };
  // Checkpoints from before data-parallel runs name no worker count.
  return { ...rest, workers: workers ?? 1, plateau, weights, velocity };
}
