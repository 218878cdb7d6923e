import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { defaultRecipe } from '../recipe/defaults.js';
import {
  readCheckpoint,
  writeCheckpoint,
  type Checkpoint,
} from './checkpoint.js';

describe('checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zoo-ckpt-'));

  it('round-trip every field bit for bit, leaving no temp file', () => {
    const ckpt: Checkpoint = {
      step: 12,
      workers: 2,
      data: { seed: 3, epoch: 1, index: 64 },
      recipe: { ...defaultRecipe(), name: 'x' },
      plateau: { best: Infinity, bad: 1, decays: 0 },
      weights: {
        'fc1/kernel': {
          shape: [2, 3],
          values: Float32Array.from([1, 2, 3, 4, 5, -0.1]),
        },
        'fc1/bias': { shape: [3], values: Float32Array.from([0, 1e-30, NaN]) },
      },
      velocity: {
        'fc1/kernel': { shape: [2, 3], values: new Float32Array(6).fill(0.5) },
      },
    };
    const path = join(dir, 'a.zckpt');
    writeCheckpoint(path, ckpt);
    writeCheckpoint(path, ckpt);
    expect(readdirSync(dir)).toEqual(['a.zckpt']);
    const back = readCheckpoint(path);
    expect(back.step).toBe(12);
    expect(back.data).toEqual(ckpt.data);
    expect(back.recipe).toEqual(ckpt.recipe);
    expect(back.plateau).toEqual(ckpt.plateau);
    expect(back.weights).toEqual(ckpt.weights);
    expect(back.velocity).toEqual(ckpt.velocity);
  });

  it('refuses a file of another format', () => {
    writeFileSync(join(dir, 'b.zckpt'), 'hello world, not a checkpoint');
    expect(() => readCheckpoint(join(dir, 'b.zckpt'))).toThrow(
      /must start with ZOOCKPT1; got "hello wo"/,
    );
  });
});
