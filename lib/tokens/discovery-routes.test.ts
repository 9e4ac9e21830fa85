// The route handlers of `/.well-known/openid-configuration` and `/jwks`, called as Next.js calls them. They
// live here because vitest.config.mts collects tests from lib/ only.
import { createLocalJWKSet, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as getDiscovery } from '@/app/.well-known/openid-configuration/route';
import { GET as getJwks } from '@/app/jwks/route';
import { getDb } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { issueAccessToken } from './issue-access-token';
import { rotateSigningKey } from './rotate-signing-key';

beforeAll(() => {
  vi.stubEnv('PORTAL_URL', 'https://portal.bank.example/');
  vi.stubEnv('MTLS_URL', 'https://mtls.bank.example');
});
useTestDatabase();

describe('GET /.well-known/openid-configuration', () => {
  it('answers the discovery document from the configuration, cacheable', async () => {
    const response = await getDiscovery();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const document = (await response.json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      issuer: 'https://portal.bank.example',
      token_endpoint: 'https://mtls.bank.example/token',
      jwks_uri: 'https://portal.bank.example/jwks',
      tls_client_certificate_bound_access_tokens: true,
    });
  });
});

describe('GET /jwks', () => {
  it('publishes the signing key, creating it on first use, briefly cacheable', async () => {
    const response = await getJwks();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
    const [row] = await getDb().signingKey.findMany();
    expect(keys).toEqual([{ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: row?.kid, alg: 'PS256', use: 'sig' }]);
    expect(JSON.stringify(keys)).not.toMatch(/"(d|p|q|dp|dq|qi)"/);
  });

  it('publishes old and new keys after a rotation, and verifies tokens of both', async () => {
    const organisation = await getDb().organisation.create({ data: { directoryOrgId: 'ORG', name: 'Org', status: 'Active', roles: [] } });
    const client = await getDb().client.create({
      data: {
        clientId: 'client-1', organisationId: organisation.id, softwareId: 'S', softwareClientName: 'S', environment: 'sandbox',
        creationMethod: 'DCR', status: 'active', tokenEndpointAuthMethod: 'tls_client_auth', softwareStatement: 'x',
        softwareStatementClaims: {}, registrationMetadata: {},
      },
    });
    const before = await issueAccessToken({ client, scope: '', certificateThumbprint: 't' });
    await rotateSigningKey();
    const after = await issueAccessToken({ client, scope: '', certificateThumbprint: 't' });
    const { keys } = (await (await getJwks()).json()) as { keys: [] };
    expect(keys).toHaveLength(2);
    const jwks = createLocalJWKSet({ keys });
    for (const { accessToken } of [before, after]) {
      await expect(jwtVerify(accessToken, jwks, { issuer: 'https://portal.bank.example', audience: 'https://mtls.bank.example' })).resolves.toBeDefined();
    }
  });
});
