import { afterAll, beforeAll, vi } from 'vitest';
import { startRegistrationRouteFixture, type RegistrationRouteFixture } from './start-registration-route-fixture';
import { useTestDatabase } from './use-test-database';

/**
 * Starts the `POST /register` fixture for a test file and gives the file its own database (`useTestDatabase`): the
 * fixture's variables are stubbed before the database is migrated, and the fixture closes after the file. `onStart`
 * receives the started fixture.
 */
export function useRegistrationRouteFixture(onStart: (fixture: RegistrationRouteFixture) => void): void {
  let fixture: RegistrationRouteFixture | undefined;
  beforeAll(async () => {
    fixture = await startRegistrationRouteFixture();
    for (const [name, value] of Object.entries(fixture.env)) vi.stubEnv(name, value);
    onStart(fixture);
  });
  useTestDatabase();
  afterAll(async () => {
    await fixture?.close();
  });
}
