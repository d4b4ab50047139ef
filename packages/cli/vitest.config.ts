import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@kfn/source'] } },
  test: { name: 'cli', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
