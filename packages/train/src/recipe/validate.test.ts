import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { defaultRecipe } from './defaults.js';
import { RecipeError } from './errors.js';
import { applySets, loadRecipe, parseOverride } from './load.js';
import { resolveRecipe } from './validate.js';

describe('resolveRecipe', () => {
  it('fills every default and keeps given values', () => {
    const r = resolveRecipe({ optimizer: { lr: 0.1 }, epochs: 3 });
    expect(r.optimizer).toEqual({ ...defaultRecipe().optimizer, lr: 0.1 });
    expect(r.epochs).toBe(3);
    expect(r.schedule).toEqual(defaultRecipe().schedule);
  });

  it('names the path of an unknown key', () => {
    expect(() => resolveRecipe({ optimizer: { momentun: 0.9 } })).toThrow(
      /recipe: key optimizer\.momentun must be one of kind, lr, momentum, .* in optimizer; got momentun/,
    );
    expect(() => resolveRecipe({ epoch: 1 })).toThrow(/key epoch must be/);
  });

  it('names field, expected type and value of a wrong type', () => {
    expect(() => resolveRecipe({ optimizer: { lr: '0.1' } })).toThrow(
      'recipe: optimizer.lr must be a number; got "0.1" (string)',
    );
    expect(() => resolveRecipe({ optimizer: { nesterov: 1 } })).toThrow(
      'recipe: optimizer.nesterov must be a boolean; got 1 (number)',
    );
    expect(() => resolveRecipe({ data: { mean: 0.5 } })).toThrow(
      'recipe: data.mean must be an array of numbers; got 0.5 (number)',
    );
  });

  it('checks enumerations, integers and ranges', () => {
    expect(() => resolveRecipe({ schedule: { kind: 'linear' } })).toThrow(
      /schedule\.kind must be one of constant, step, multistep, cosine, plateau; got "linear"/,
    );
    expect(() => resolveRecipe({ batchSize: 2.5 })).toThrow(
      'recipe: batchSize must be a non-negative integer; got 2.5',
    );
    expect(() => resolveRecipe({ optimizer: { momentum: 1 } })).toThrow(
      'recipe: optimizer.momentum must be in [0, 1); got 1',
    );
  });

  it('checks init rules', () => {
    expect(() =>
      resolveRecipe({ init: { rules: [{ scheme: 'normal', roll: 'bias' }] } }),
    ).toThrow(/key init\.rules\[0\]\.roll must be one of name, role/);
    expect(() => resolveRecipe({ init: { rules: [{ name: 'fc*' }] } })).toThrow(
      'recipe: init.rules[0].scheme must be a string; got undefined',
    );
  });
});

describe('overrides', () => {
  it('parse against the type of the default', () => {
    expect(parseOverride('optimizer.lr', '0.5')).toBe(0.5);
    expect(parseOverride('optimizer.nesterov', 'true')).toBe(true);
    expect(parseOverride('schedule.milestones', '30,60')).toEqual([30, 60]);
    expect(parseOverride('model.options.depth', '30')).toBe(30);
    expect(parseOverride('model.options.activation', 'tanh')).toBe('tanh');
    expect(() => parseOverride('optimizer.lr', 'fast')).toThrow(
      '--set: optimizer.lr must be a number; got fast',
    );
    expect(() => parseOverride('optimizer.momentun', '0.9')).toThrow(
      /--set: key optimizer\.momentun must name a recipe field/,
    );
  });

  it('apply in order and then validate', () => {
    const raw = applySets({ epochs: 2 }, ['epochs=5', 'optimizer.lr=0.2']);
    expect(resolveRecipe(raw).epochs).toBe(5);
    expect(resolveRecipe(raw).optimizer.lr).toBe(0.2);
  });
});

describe('loadRecipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zoo-recipe-'));

  it('reads JSON and YAML alike', () => {
    writeFileSync(
      join(dir, 'a.json'),
      '{"epochs": 4, "optimizer": {"lr": 0.3}}',
    );
    writeFileSync(join(dir, 'a.yaml'), 'epochs: 4\noptimizer:\n  lr: 0.3\n');
    const a = loadRecipe(join(dir, 'a.json'));
    expect(loadRecipe(join(dir, 'a.yaml'))).toEqual(a);
    expect(loadRecipe(join(dir, 'a.json'), ['epochs=9']).epochs).toBe(9);
  });

  it('refuses bad text and other extensions', () => {
    writeFileSync(join(dir, 'b.json'), '{"epochs": ');
    expect(() => loadRecipe(join(dir, 'b.json'))).toThrow(RecipeError);
    expect(() => loadRecipe(join(dir, 'b.toml'))).toThrow(
      /must end in .json, .yaml or .yml/,
    );
  });
});

describe('image pipeline fields', () => {
  it('defaults to AlexNet-style 256 -> 224 with flips and automatic threads', () => {
    const d = resolveRecipe({}).data;
    expect([d.resize, d.crop, d.flip, d.decodeThreads]).toEqual([
      256,
      224,
      true,
      -1,
    ]);
  });

  it('checks sizes and thread counts', () => {
    expect(() => resolveRecipe({ data: { crop: 300 } })).toThrow(
      'recipe: data.crop must be at most data.resize (256); got 300',
    );
    expect(() => resolveRecipe({ data: { resize: 0 } })).toThrow(
      'recipe: data.resize must be positive; got 0',
    );
    expect(() => resolveRecipe({ data: { crop: 22.5 } })).toThrow(
      'recipe: data.crop must be a non-negative integer; got 22.5',
    );
    expect(() => resolveRecipe({ data: { flip: 'yes' } })).toThrow(
      'recipe: data.flip must be a boolean; got "yes" (string)',
    );
    for (const t of [-2, 1.5, 65]) {
      expect(() => resolveRecipe({ data: { decodeThreads: t } })).toThrow(
        `recipe: data.decodeThreads must be an integer in [-1, 64] ` +
          `(-1 = min(4, cores)); got ${t}`,
      );
    }
    expect(
      resolveRecipe({ data: { decodeThreads: 0 } }).data.decodeThreads,
    ).toBe(0);
  });
});
