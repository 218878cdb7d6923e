import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Dependency direction, enforced: numbers -> weights in files -> trainable
 * graphs -> training runs. Each package may import only those to its left.
 */
const later = ['@zoo/models', '@zoo/train', '@zoo/cli'];
const boundaries = [
  {
    // The core of @zoo/init knows nothing of tfjs; only its adapters do.
    files: ['packages/init/src/**/*.ts'],
    ignores: ['packages/init/src/tfjs/**'],
    forbidden: ['@zoo/onnx', '@tensorflow/*', ...later],
  },
  {
    files: ['packages/init/src/tfjs/**/*.ts'],
    forbidden: ['@zoo/onnx', ...later],
  },
  {
    files: ['packages/onnx/src/**/*.ts'],
    forbidden: ['@tensorflow/*', ...later],
  },
  {
    files: ['packages/models/src/**/*.ts'],
    forbidden: ['@zoo/train', '@zoo/cli'],
  },
  { files: ['packages/train/src/**/*.ts'], forbidden: ['@zoo/cli'] },
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'fixtures/**',
      'packages/models/src/vendor/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportDefaultDeclaration',
          message: 'Use named exports.',
        },
      ],
    },
  },
  ...boundaries.map(({ files, ignores, forbidden }) => ({
    files,
    ignores: ignores ?? [],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...forbidden, '@zoo/*/src/*', '../../**/src/*'] },
      ],
    },
  })),
  {
    // Tools that load their configuration from a default export.
    files: ['**/vitest.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
