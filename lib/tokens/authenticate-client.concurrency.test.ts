// Issue 6 (concurrency): one client assertion (one "jti") presented 50 times at once to the token endpoint's
// client authentication, over the database the suite runs against.
import { describe, expect, it } from 'vitest';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import { authenticateClient } from './authenticate-client';
import type { TokenTestFixture } from './testing/start-token-test-fixture';

let fixture: TokenTestFixture;

useTokenTestFixture((started) => (fixture = started));

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
