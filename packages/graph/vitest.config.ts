import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@kfn/source'] } },
  test: { name: 'graph', include: ['src/**/*.test.ts'] },
});
