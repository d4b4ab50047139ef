import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@kfn/source'] } },
  test: { name: 'backend-tfjs', include: ['src/**/*.test.ts'] },
});
