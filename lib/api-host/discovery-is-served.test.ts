// OB-RULES discovery: the API host's discovery document advertises only what this deployment serves. Every endpoint
// it names answers at MTLS_URL, its one grant issues a token to a client registered over DCR, and that token
// introspects and revokes through the advertised endpoints: over real mutual TLS, with the sandbox directory's software.
import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { startTestApiHost, type TestApiHost, type TestSoftware } from './testing/start-test-api-host';

const ACME = '0015800001ACMEPAYS';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let api: TestApiHost;
let acme: TestSoftware;
let discovery: Record<string, unknown>;

beforeAll(async () => {
  api = await startTestApiHost({ RATE_LIMIT_REGISTER_PER_MINUTE: '0', RATE_LIMIT_TOKEN_PER_MINUTE: '0' });
  acme = await api.createSoftware(ACME);
});
useTestDatabase();
beforeAll(async () => {
  // A TPP reads discovery before it has anything registered: no client certificate.
  const answer = await api.send('GET', '/.well-known/openid-configuration', { client: null });
  expect(answer.status).toBe(200);
  discovery = answer.body as Record<string, unknown>;
});
afterAll(async () => {
  await api?.close();
});

/** A client assertion of `clientId` for `audience`, signed with the software's key. */
async function assertion(clientId: string, audience: string): Promise<string> {
  const key = await importPKCS8(acme.signing.private_key_pem, 'PS256');
  return new SignJWT({ iss: clientId, sub: clientId, aud: audience, jti: randomUUID() })
    .setProtectedHeader({ alg: 'PS256', kid: acme.signing.kid })
    .setIssuedAt()
    .setExpirationTime('1m')
    .sign(key);
}

async function authenticatedForm(clientId: string, fields: Record<string, string>): Promise<string> {
  return new URLSearchParams({
    ...fields,
    client_id: clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await assertion(clientId, `${api.mtlsUrl}/token`),
  }).toString();
}

/** The path of an advertised URL, which must be on MTLS_URL. */
function pathOf(value: unknown): string {
  const url = new URL(String(value));
  expect(url.origin).toBe(api.mtlsUrl);
  return url.pathname;
}

describe('discovery', () => {
  it('names MTLS_URL as issuer and advertises one grant, no authorization endpoint, and certificate-bound tokens', () => {
    expect(discovery).toMatchObject({ issuer: api.mtlsUrl, grant_types_supported: ['client_credentials'], tls_client_certificate_bound_access_tokens: true });
    expect(discovery).not.toHaveProperty('authorization_endpoint');
    expect(discovery.response_types_supported ?? []).toEqual([]);
    // OB-RULES discovery, exactly: what lib/profile/ob-profile.ts defines and nothing oidc-provider adds by default.
    expect(discovery.scopes_supported).toEqual(['openid', 'accounts', 'payments', 'fundsconfirmations']);
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt', 'tls_client_auth', 'client_secret_basic']);
    expect(discovery.token_endpoint_auth_signing_alg_values_supported).toEqual(['PS256', 'ES256']);
  });

  it('advertises endpoints that all answer at MTLS_URL, their mTLS aliases being the same URLs', async () => {
    const endpoints = ['token_endpoint', 'introspection_endpoint', 'revocation_endpoint', 'registration_endpoint'];
    for (const name of endpoints) {
      expect(discovery[name], name).toEqual(expect.any(String));
      expect((discovery.mtls_endpoint_aliases as Record<string, unknown>)[name], name).toBe(discovery[name]);
      const answer = await api.send('POST', pathOf(discovery[name]), { client: acme, headers: FORM, body: '' });
      // Refused for want of a request, but served: a JSON OAuth error, never a 404.
      expect({ name, status: answer.status === 404 ? 404 : 'served', error: typeof (answer.body as { error?: unknown })?.error }).toEqual({ name, status: 'served', error: 'string' });
    }
    const jwks = await api.send('GET', pathOf(discovery.jwks_uri), { client: null });
    expect(jwks.status).toBe(200);
    expect((jwks.body as { keys: { kid: string; alg: string }[] }).keys).toEqual([expect.objectContaining({ alg: 'PS256', kid: expect.any(String) })]);
  });

  it('serves its grant, introspection and revocation to a client registered over DCR', async () => {
    const registered = await api.send('POST', pathOf(discovery.registration_endpoint), {
      client: acme,
      headers: { 'content-type': 'application/jwt' },
      body: await api.signRegistration(acme),
    });
    expect(registered.status).toBe(201);
    const clientId = (registered.body as { client_id: string }).client_id;

    const issued = await api.send('POST', pathOf(discovery.token_endpoint), { client: acme, headers: FORM, body: await authenticatedForm(clientId, { grant_type: 'client_credentials' }) });
    expect({ status: issued.status, body: issued.body }).toMatchObject({ status: 200, body: { token_type: 'Bearer', scope: 'accounts' } });
    const token = (issued.body as { access_token: string }).access_token;

    const introspect = async () =>
      (await api.send('POST', pathOf(discovery.introspection_endpoint), { client: acme, headers: FORM, body: await authenticatedForm(clientId, { token }) })).body;
    expect(await introspect()).toMatchObject({ active: true, client_id: clientId, scope: 'accounts' });
    const revoked = await api.send('POST', pathOf(discovery.revocation_endpoint), { client: acme, headers: FORM, body: await authenticatedForm(clientId, { token }) });
    expect(revoked.status).toBe(200);
    expect(await introspect()).toEqual({ active: false });
  });
});
