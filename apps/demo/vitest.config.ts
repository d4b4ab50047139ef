import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@kfn/source'] } },
  test: { name: 'demo', include: ['src/**/*.test.ts'] },
});
