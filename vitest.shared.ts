import { defineConfig } from 'vitest/config';

/**
 * One test configuration for every project: sources of workspace packages
 * are resolved through the `@zoo/source` export condition, so tests never
 * depend on a prior build.
 */
export function zooVitestConfig() {
  return defineConfig({
    resolve: { conditions: ['@zoo/source'] },
    ssr: { resolve: { conditions: ['@zoo/source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      pool: 'forks',
    },
  });
}
