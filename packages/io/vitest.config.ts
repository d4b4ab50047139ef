import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@kfn/source'] } },
  // Loading a backend (wasm compiles a module) can take over 10 s on a busy machine.
  test: { name: 'io', include: ['src/**/*.test.ts'], hookTimeout: 60_000 },
});
