import { afterAll, beforeAll, vi } from 'vitest';
import { startTokenTestFixture, type TokenTestFixture } from '@/lib/tokens/testing/start-token-test-fixture';
import { useTestDatabase } from './use-test-database';

/**
 * Starts the token test fixture for a test file and gives the file its own database (`useTestDatabase`): the
 * fixture's variables, then `env` over them, are stubbed before the database is migrated (nothing may read the
 * configuration earlier), and the fixture closes after the file, its API host before the database (hooks after run
 * in reverse order). `onStart` receives the started fixture.
 */
export function useTokenTestFixture(onStart: (fixture: TokenTestFixture) => void, env: Record<string, string> = {}): void {
  let fixture: TokenTestFixture | undefined;
  beforeAll(async () => {
    fixture = await startTokenTestFixture();
    for (const [name, value] of Object.entries({ ...fixture.env, ...env })) vi.stubEnv(name, value);
    onStart(fixture);
  });
  useTestDatabase();
  afterAll(async () => {
    await fixture?.close();
  });
}
