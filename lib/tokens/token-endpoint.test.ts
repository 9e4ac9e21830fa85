// The route handler of `POST /token` (lib/api-host/endpoints/issue-token.ts), called as the API host calls it. It lives
// here because vitest.config.mts collects tests from lib/ only.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { issueToken } from '@/lib/api-host/endpoints/issue-token';
import { callThroughTerminator } from '@/lib/api-host/testing/call-through-terminator';
import type { Client } from '@/lib/db';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import { TEST_CLIENT_SECRET, TEST_CLIENT_SECRET_HASH, TEST_MTLS_URL, type TokenTestFixture } from './testing/start-token-test-fixture';
import { verifyAccessToken } from './verify-access-token';

let fixture: TokenTestFixture;
let client: Client;

useTokenTestFixture((started) => (fixture = started));
beforeAll(async () => {
  client = await fixture.createClient();
});

type Options = { headers?: Record<string, string>; certificatePem?: string | null; isTrusted?: boolean };

function post(body: string | URLSearchParams, options: Options = {}): Promise<Response> {
  const { certificatePem = fixture.certificates.leaf.pem, isTrusted = true } = options;
  return callThroughTerminator(
    issueToken,
    new Request(`${TEST_MTLS_URL}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(isTrusted ? fixture.terminatorHeaders(certificatePem) : {}),
        ...options.headers,
      },
      body: body.toString(),
    }),
  );
}

async function assertionForm(forClient: Client = client, extra: Record<string, string> = {}): Promise<URLSearchParams> {
  const params = fixture.assertionParams(await fixture.signAssertion(forClient.clientId));
  params.set('grant_type', 'client_credentials');
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params;
}

async function expectError(response: Response, status: number, error: string, description: string): Promise<void> {
  expect({ status: response.status, body: await response.json(), cacheControl: response.headers.get('cache-control') }).toEqual({
    status,
    body: { error, error_description: description },
    cacheControl: 'no-store',
  });
}

describe('POST /token', () => {
  it('issues a certificate-bound token for the client-credentials grant', async () => {
    const response = await post(await assertionForm());
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const body = (await response.json()) as Record<string, unknown>;
    // Without "scope", the registered scopes minus openid.
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 300, scope: 'accounts payments' });
    const verified = await verifyAccessToken(body.access_token as string, fixture.certificates.leaf.pem);
    expect(verified).toMatchObject({ status: 'valid', token: { clientDbId: client.id, clientId: client.clientId, scope: 'accounts payments' } });
    expect(await verifyAccessToken(body.access_token as string, fixture.certificates.otherSoftware.pem)).toMatchObject({ status: 'invalid' });
  });

  it('grants a requested subset of the registered scopes', async () => {
    const response = await post(await assertionForm(client, { scope: 'payments  openid payments' }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { scope: string }).scope).toBe('payments openid');
  });

  it('issues to a client_secret_basic client, and challenges a failed Basic authentication', async () => {
    const secretClient = await fixture.createClient({ tokenEndpointAuthMethod: 'client_secret_basic', secretHash: TEST_CLIENT_SECRET_HASH });
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    const ok = await post(form, { headers: { authorization: fixture.basicAuthorization(secretClient.clientId, TEST_CLIENT_SECRET) } });
    expect(ok.status).toBe(200);
    const refused = await post(form, { headers: { authorization: fixture.basicAuthorization(secretClient.clientId, 'wrong') } });
    expect(refused.headers.get('www-authenticate')).toBe('Basic realm="token"');
    await expectError(refused, 401, 'invalid_client', 'client authentication failed');
  });

  it('refuses a request that did not come through the TLS terminator', async () => {
    await expectError(await post(await assertionForm(), { isTrusted: false }), 403, 'untrusted_proxy', 'requests must come through the mutual TLS endpoint');
    const forged = await post(await assertionForm(), { isTrusted: false, headers: { 'x-onboard-mtls-proxy-secret': 'a-guess-that-is-at-least-32-characters-long', 'x-ssl-client-cert': encodeURIComponent(fixture.certificates.leaf.pem) } });
    await expectError(forged, 403, 'untrusted_proxy', 'requests must come through the mutual TLS endpoint');
  });

  it('refuses a body that is not form-encoded', async () => {
    const response = await post(JSON.stringify({ grant_type: 'client_credentials' }), { headers: { 'content-type': 'application/json' } });
    await expectError(response, 400, 'invalid_request', '"Content-Type" must be application/x-www-form-urlencoded');
  });

  it('accepts a charset parameter on the media type', async () => {
    const response = await post(await assertionForm(), { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' } });
    expect(response.status).toBe(200);
  });

  it('refuses a body over 16 KiB', async () => {
    const form = await assertionForm(client, { padding: 'x'.repeat(16 * 1024) });
    await expectError(await post(form), 413, 'payload_too_large', 'the request body exceeds 16 KiB');
  });

  it('refuses a repeated parameter', async () => {
    const form = await assertionForm();
    form.append('grant_type', 'client_credentials');
    await expectError(await post(form), 400, 'invalid_request', '"grant_type" must not be repeated');
  });

  it('refuses a missing or unsupported grant type', async () => {
    const form = await assertionForm();
    form.delete('grant_type');
    await expectError(await post(form), 400, 'invalid_request', '"grant_type" is missing');
    form.set('grant_type', 'authorization_code');
    await expectError(await post(form), 400, 'unsupported_grant_type', '"grant_type" must be client_credentials');
  });

  it('refuses a client that does not authenticate, or has no certificate', async () => {
    const unknown = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'no-such-client' });
    const refused = await post(unknown);
    expect(refused.headers.get('www-authenticate')).toBeNull();
    await expectError(refused, 401, 'invalid_client', 'client authentication failed');
    await expectError(await post(await assertionForm(), { certificatePem: null }), 401, 'invalid_client', 'a client certificate is required');
  });

  it('refuses a scope the client is not registered for', async () => {
    const response = await post(await assertionForm(client, { scope: 'accounts fundsconfirmations' }));
    await expectError(response, 400, 'invalid_scope', '"scope" must be a subset of the scopes the client is registered for');
  });

  it('refuses a client not registered for the client_credentials grant', async () => {
    const codeOnly = await fixture.createClient({ grantTypes: ['authorization_code'] });
    await expectError(await post(await assertionForm(codeOnly)), 400, 'unauthorized_client', 'client is not registered for the client_credentials grant');
  });

  it('answers an unexpected fault with server_error and no detail', async () => {
    const broken = await fixture.createClient({ softwareStatementClaims: 'not an object' });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expectError(await post(await assertionForm(broken)), 500, 'server_error', 'the server could not complete the request');
      expect(logged).toHaveBeenCalledOnce();
    } finally {
      logged.mockRestore();
    }
  });
});
