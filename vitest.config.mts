import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // `server-only` throws outside a React Server Component bundle; unit tests run lib/ in plain Node.
      'server-only': fileURLToPath(new URL('./scripts/testing/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'directory/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./scripts/testing/prepare-pglite-template.ts'],
    // Both cores: each file has its own database (a PGlite copy, or a PostgreSQL schema), so files run side by side;
    // on PostgreSQL the unit run took 0.62x the single worker's time in one session (266 s against 432 s).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
