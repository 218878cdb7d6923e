import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { createInitializer } from '@zoo/init';
import { architectureNames } from '@zoo/models';
import { describe, expect, it } from 'vitest';

import { loadRecipe } from './recipe/load.js';

const folder = join(import.meta.dirname, '../../../recipes');
const files = readdirSync(folder).filter((f) => f.endsWith('.json'));

describe('recipes/', () => {
  it('holds the six published and study recipes', () => {
    expect(files.sort()).toEqual([
      'alexnet.json',
      'fashion-mnist-convnet.json',
      'mlp30-relu.json',
      'mlp30-tanh.json',
      'overfeat-fast.json',
      'vgg-d.json',
    ]);
  });

  for (const file of files) {
    it(`${file} resolves, names a model and valid schemes`, () => {
      const r = loadRecipe(join(folder, file));
      expect(r.name).toBe(file.replace(/\.json$/, ''));
      expect([...architectureNames(), 'convnet']).toContain(
        r.model.architecture,
      );
      const schemes = [
        [r.init.scheme, r.init.options],
        [r.init.bias, r.init.biasOptions],
        ...r.init.rules.map((x) => [x.scheme, x.options ?? {}] as const),
      ] as const;
      for (const [scheme, options] of schemes) {
        expect(() => createInitializer(scheme, options)).not.toThrow();
      }
    });
  }
});
