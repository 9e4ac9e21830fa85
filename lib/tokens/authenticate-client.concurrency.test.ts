// Issue 6 (concurrency): one client assertion (one "jti") presented 50 times at once to the token endpoint's
// client authentication, over the database the suite runs against.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { authenticateClient } from './authenticate-client';
import { startTokenTestFixture, type TokenTestFixture } from './testing/start-token-test-fixture';

let fixture: TokenTestFixture;

beforeAll(async () => {
  fixture = await startTokenTestFixture();
  for (const [name, value] of Object.entries(fixture.env)) vi.stubEnv(name, value);
});
useTestDatabase();
afterAll(async () => {
  await fixture?.close();
});

describe('authenticateClient under concurrency', () => {
  it('accepts one client assertion sent 50 times at once exactly once; the other 49 are refused as replays', async () => {
    const client = await fixture.createClient();
    const params = fixture.assertionParams(await fixture.signAssertion(client.clientId), { grant_type: 'client_credentials' });

    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        authenticateClient({ params: new URLSearchParams(params), authorization: null, certificatePem: fixture.certificates.leaf.pem }, fixture.context),
      ),
    );

    expect(results.filter((result) => result.status === 'authenticated')).toHaveLength(1);
    const refusals = results.filter((result) => result.status === 'failed');
    expect(refusals).toHaveLength(49);
    expect(new Set(refusals.map((result) => JSON.stringify(result)))).toEqual(
      new Set([JSON.stringify({ status: 'failed', code: 'invalid_client', description: 'client assertion "jti" has already been used' })]),
    );
  });
});
