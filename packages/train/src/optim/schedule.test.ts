import { describe, expect, it } from 'vitest';

import { defaultRecipe } from '../recipe/defaults.js';
import type { ScheduleSection } from '../recipe/types.js';
import { learningRate, PlateauTracker } from './schedule.js';

const base = defaultRecipe().schedule;
const ctx = { lr: 0.1, stepsPerEpoch: 10, totalSteps: 100 };
const at = (s: Partial<ScheduleSection>, step: number, decays = 0): number =>
  learningRate({ ...base, ...s }, step, { ...ctx, decays });

describe('learningRate', () => {
  it('constant', () => {
    expect(at({ kind: 'constant' }, 0)).toBe(0.1);
    expect(at({ kind: 'constant' }, 99)).toBe(0.1);
  });

  it('step: lr * gamma ^ floor(step / (stepEpochs * stepsPerEpoch))', () => {
    const s = { kind: 'step' as const, stepEpochs: 3, gamma: 0.5 };
    for (const step of [0, 29, 30, 59, 60, 95]) {
      expect(at(s, step)).toBeCloseTo(0.1 * 0.5 ** Math.floor(step / 30), 15);
    }
  });

  it('multistep: one decay per passed milestone', () => {
    const s = { kind: 'multistep' as const, milestones: [2, 5.5], gamma: 0.1 };
    expect(at(s, 19)).toBeCloseTo(0.1, 15);
    expect(at(s, 20)).toBeCloseTo(0.01, 15);
    expect(at(s, 54)).toBeCloseTo(0.01, 15);
    expect(at(s, 55)).toBeCloseTo(0.001, 15);
  });

  it('cosine: minLr + (lr - minLr)(1 + cos(pi t / T)) / 2', () => {
    const s = { kind: 'cosine' as const, minLr: 0.01 };
    for (const step of [0, 25, 50, 75, 100]) {
      const want = 0.01 + (0.09 * (1 + Math.cos((Math.PI * step) / 100))) / 2;
      expect(at(s, step)).toBeCloseTo(want, 15);
    }
  });

  it('warmup scales linearly by (step + 1) / warmupSteps', () => {
    const s = { kind: 'constant' as const, warmupSteps: 4 };
    expect([0, 1, 2, 3, 4].map((k) => at(s, k))).toEqual([
      0.025, 0.05, 0.07500000000000001, 0.1, 0.1,
    ]);
  });

  it('plateau: lr * gamma ^ decays, decays after patience bad evals', () => {
    const t = new PlateauTracker(2, 2);
    const decays = [1.0, 0.9, 0.95, 0.91, 0.9, 0.92, 0.93, 0.94, 0.95].map(
      (l) => t.update(l),
    );
    // The third decay is refused: maxDecays is 2.
    expect(decays).toEqual([0, 0, 0, 1, 1, 2, 2, 2, 2]);
    expect(at({ kind: 'plateau', gamma: 0.1 }, 50, 2)).toBeCloseTo(0.001, 15);
  });
});
