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
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
