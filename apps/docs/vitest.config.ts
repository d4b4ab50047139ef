import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@kfn/source'] } },
  test: {
    name: 'docs',
    include: ['src/**/*.test.ts'],
    // Pages run whole models; the browser test builds the site first.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
