import { useBestBackend } from '@zoo/models';
import { describe, expect, it } from 'vitest';

import { resolveRecipe } from '../recipe/validate.js';
import { buildModel, convnet, type ConvnetOptions } from './model.js';

describe('convnet options', () => {
  // Recipes are JSON: a wrong type must not pass for a default or be
  // coerced ("0.5" >= 0 and null >= 0 hold in JavaScript).
  it.each([
    [
      { dropout: null },
      'convnet: dropout must be a value (leave it out for the default); got null',
    ],
    [
      { kernelSize: null },
      'convnet: kernelSize must be a value (leave it out for the default); got null',
    ],
    [
      { dropout: '0.5' },
      'convnet: dropout must be a number in [0, 1); got "0.5" (string)',
    ],
    [
      { dropout: 1 },
      'convnet: dropout must be a number in [0, 1); got 1 (number)',
    ],
    [
      { dropout: -0.1 },
      'convnet: dropout must be a number in [0, 1); got -0.1 (number)',
    ],
    [
      { batchNorm: 'yes' },
      'convnet: batchNorm must be true or false; got "yes" (string)',
    ],
    [
      { classes: 0 },
      'convnet: classes must be a positive integer; got 0 (number)',
    ],
    [
      { kernelSize: 2.5 },
      'convnet: kernelSize must be a positive integer; got 2.5 (number)',
    ],
    [
      { fc: 128 },
      'convnet: fc must be an array of positive integers; got 128 (number)',
    ],
  ])('refuses %j', (options, message) => {
    expect(() => convnet(options as unknown as ConvnetOptions)).toThrow(
      message,
    );
  });

  it('puts dropout after each hidden dense layer', async () => {
    await useBestBackend({ order: ['wasm', 'cpu'] });
    const model = convnet({
      conv: [2],
      kernelSize: 3,
      fc: [8, 4],
      dropout: 0.25,
    });
    const drops = model.layers.filter((l) => l.getClassName() === 'Dropout');
    expect(drops.map((l) => l.name)).toEqual(['drop_fc1', 'drop_fc2']);
    expect(
      convnet({ conv: [2], fc: [8] }).layers.map((l) => l.getClassName()),
    ).not.toContain('Dropout');
    model.dispose();
  });

  it.each([
    [
      'mlp',
      { input: null },
      'recipe: model.options.input must be one of imagenet, cifar10, fashion-mnist; got null (null)',
    ],
    [
      'mlp',
      { input: 5 },
      'recipe: model.options.input must be one of imagenet, cifar10, fashion-mnist; got 5 (number)',
    ],
    [
      'convnet',
      { input: 'bogus' },
      'recipe: model.options.input must be one of imagenet, cifar10, fashion-mnist; got "bogus" (string)',
    ],
    [
      'mlp',
      { initializer: null },
      'mlp: initializer must be a value (leave it out for the default); got null',
    ],
  ])(
    'refuses %s with options %j from a recipe',
    (architecture, options, message) => {
      const recipe = resolveRecipe({
        model: { architecture, options },
        data: { trainImages: 'x', trainLabels: 'y' },
      });
      expect(() => buildModel(recipe)).toThrow(message);
    },
  );
});
