/**
 * Learning rates as pure functions of the step. Epoch-based boundaries
 * (stepEpochs, milestones) become steps with round(epochs * stepsPerEpoch).
 *
 * lr(step) = warmup(step) * base(step), warmup(step) = min(1, (step + 1) /
 * warmupSteps), and base(step) by kind:
 *
 * - constant: lr
 * - step: lr * gamma ^ floor(step / round(stepEpochs * stepsPerEpoch))
 * - multistep: lr * gamma ^ (milestones m with step >= round(m * spe))
 * - cosine: minLr + (lr - minLr) * (1 + cos(pi * step / totalSteps)) / 2
 * - plateau: lr * gamma ^ decays, decays counted by `PlateauTracker`
 */
import type { ScheduleSection } from '../recipe/types.js';

export interface ScheduleContext {
  readonly lr: number;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** plateau only: decays so far. */
  readonly decays?: number;
}

export function learningRate(
  s: ScheduleSection,
  step: number,
  ctx: ScheduleContext,
): number {
  const warm = s.warmupSteps > 0 ? Math.min(1, (step + 1) / s.warmupSteps) : 1;

  return warm * baseRate(s, step, ctx);
}

function baseRate(
  s: ScheduleSection,
  step: number,
  ctx: ScheduleContext,
): number {
  const toSteps = (epochs: number): number =>
    Math.max(1, Math.round(epochs * ctx.stepsPerEpoch));
  switch (s.kind) {
    case 'constant':
      return ctx.lr;
    case 'step':
      return ctx.lr * s.gamma ** Math.floor(step / toSteps(s.stepEpochs));
    case 'multistep': {
      const passed = s.milestones.filter((m) => step >= toSteps(m)).length;
      return ctx.lr * s.gamma ** passed;
    }
    case 'cosine': {
      const t = Math.min(1, step / Math.max(1, ctx.totalSteps));
      return s.minLr + ((ctx.lr - s.minLr) * (1 + Math.cos(Math.PI * t))) / 2;
    }
    case 'plateau':
      return ctx.lr * s.gamma ** (ctx.decays ?? 0);
  }
}

export interface PlateauState {
  best: number;
  bad: number;
  decays: number;
}

/**
 * Reduce-on-plateau bookkeeping: after `patience` evaluations in a row
 * without a test loss below the best, one more decay (at most maxDecays
 * when that is positive) and the count restarts.
 */
export class PlateauTracker {
  state: PlateauState = { best: Infinity, bad: 0, decays: 0 };

  constructor(
    readonly patience: number,
    readonly maxDecays: number,
  ) {}

  /** Records an evaluation's loss; returns the decays so far. */
  update(loss: number): number {
    const s = this.state;
    if (loss < s.best) {
      s.best = loss;
      s.bad = 0;
      return s.decays;
    }
    s.bad++;
    const room = this.maxDecays === 0 || s.decays < this.maxDecays;
    if (s.bad > this.patience - 1 && room) {
      s.decays++;
      s.bad = 0;
    }
    return s.decays;
  }
}
