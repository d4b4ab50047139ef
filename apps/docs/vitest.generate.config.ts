import { defineConfig } from 'vitest/config';

// `npm run docs:run`: the docs generator, run by vitest's module runner (see scripts/generate-docs.ts).
export default defineConfig({
  ssr: { resolve: { conditions: ['@kfn/source'] } },
  test: { include: ['scripts/generate-docs.ts'], testTimeout: 900_000, reporters: ['dot'] },
});
