import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@kfn/source'] } },
  test: { name: 'backend-cpu', include: ['src/**/*.test.ts'] },
});
