import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@/lib/db';
import { hashClientSecret } from '@/lib/clients/hash-client-secret';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import { authenticateClient, type AuthenticateClientRequest } from './authenticate-client';
import { TEST_CLIENT_SECRET, TEST_CLIENT_SECRET_HASH, TEST_MTLS_URL, TEST_PORTAL_URL, type TokenTestFixture } from './testing/start-token-test-fixture';

let fixture: TokenTestFixture;

useTokenTestFixture((started) => (fixture = started));

const FAILED = { status: 'failed', code: 'invalid_client', description: 'client authentication failed' } as const;
const failed = (code: 'invalid_client' | 'invalid_request', description: string) => ({ status: 'failed', code, description });

function request(params: URLSearchParams, options: { authorization?: string; certificatePem?: string | null } = {}): AuthenticateClientRequest {
  return {
    params,
    authorization: options.authorization ?? null,
    certificatePem: options.certificatePem === undefined ? fixture.certificates.leaf.pem : options.certificatePem,
  };
}

async function authenticate(params: URLSearchParams, options?: { authorization?: string; certificatePem?: string | null }) {
  const result = await authenticateClient(request(params, options), fixture.context);
  return result.status === 'authenticated' ? { status: result.status, clientId: result.client.clientId, certificateThumbprint: result.certificateThumbprint } : result;
}

describe('authenticateClient: private_key_jwt', () => {
  let client: Client;
  let esClient: Client;

  beforeAll(async () => {
    client = await fixture.createClient();
    esClient = await fixture.createClient({ tokenEndpointAuthSigningAlg: 'ES256' });
  });

  it.each([
    ['the token endpoint', `${TEST_MTLS_URL}/token`],
    ['the issuer', TEST_PORTAL_URL],
    ['a list naming the token endpoint', ['https://elsewhere.example', `${TEST_MTLS_URL}/token`]],
  ])('authenticates an assertion whose "aud" is %s', async (_, aud) => {
    const assertion = await fixture.signAssertion(client.clientId, { aud });
    const result = await authenticateClient(request(fixture.assertionParams(assertion)), fixture.context);
    expect(result.status).toBe('authenticated');
    if (result.status !== 'authenticated') return;
    expect(result.client.id).toBe(client.id);
    expect(result.certificateThumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('authenticates with the registered ES256 and a matching "client_id" in the form', async () => {
    const assertion = await fixture.signAssertion(esClient.clientId, {}, fixture.softwareEsKey);
    expect(await authenticate(fixture.assertionParams(assertion, { client_id: esClient.clientId }))).toMatchObject({ status: 'authenticated' });
  });

  it('refuses a replayed "jti", also in another case', async () => {
    const jti = 'A0B1C2D3-E4F5-4A6B-8C7D-9E0F1A2B3C4D';
    const first = await fixture.signAssertion(client.clientId, { jti });
    expect(await authenticate(fixture.assertionParams(first))).toMatchObject({ status: 'authenticated' });
    expect(await authenticate(fixture.assertionParams(first))).toEqual(failed('invalid_client', 'client assertion "jti" has already been used'));
    const again = await fixture.signAssertion(client.clientId, { jti: jti.toLowerCase() });
    expect(await authenticate(fixture.assertionParams(again))).toEqual(failed('invalid_client', 'client assertion "jti" has already been used'));
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each<[string, () => Record<string, unknown>, { code: 'invalid_client' | 'invalid_request'; description: string }]>([
    ['a wrong "aud"', () => ({ aud: 'https://other-bank.example/token' }), { code: 'invalid_client', description: 'client assertion "aud" must be the token endpoint or the issuer' }],
    ['the portal token URL as "aud"', () => ({ aud: `${TEST_PORTAL_URL}/token` }), { code: 'invalid_client', description: 'client assertion "aud" must be the token endpoint or the issuer' }],
    ['an expired assertion', () => ({ iat: now() - 600, exp: now() - 120 }), { code: 'invalid_client', description: 'client assertion has expired ("exp" is in the past)' }],
    ['no "exp"', () => ({ exp: undefined }), { code: 'invalid_client', description: 'client assertion "exp" is missing' }],
    ['an "nbf" in the future', () => ({ nbf: now() + 300 }), { code: 'invalid_client', description: 'client assertion is not valid yet ("nbf" is in the future)' }],
    ['no "jti"', () => ({ jti: undefined }), { code: 'invalid_client', description: 'client assertion "jti" is missing' }],
    ['"iss" other than "sub"', () => ({ sub: 'someone-else' }), { code: 'invalid_client', description: 'client assertion "iss" and "sub" must both be the client id' }],
    ['no "sub"', () => ({ sub: undefined }), { code: 'invalid_client', description: 'client assertion "iss" and "sub" must both be the client id' }],
  ])('refuses %s', async (_, overrides, expected) => {
    const assertion = await fixture.signAssertion(client.clientId, overrides());
    expect(await authenticate(fixture.assertionParams(assertion))).toEqual({ status: 'failed', ...expected });
  });

  it('refuses an RS256 assertion, whatever the client', async () => {
    const assertion = await fixture.signAssertion(client.clientId, {}, fixture.rsaKey);
    expect(await authenticate(fixture.assertionParams(assertion))).toEqual(failed('invalid_client', 'client assertion "alg" must be PS256 or ES256'));
  });

  it('refuses, without detail, an algorithm other than the registered one', async () => {
    const assertion = await fixture.signAssertion(client.clientId, {}, fixture.softwareEsKey);
    expect(await authenticate(fixture.assertionParams(assertion))).toEqual(FAILED);
  });

  it('refuses, without detail, an assertion signed by a key that is not in the software JWKS', async () => {
    const assertion = await fixture.signAssertion(client.clientId, {}, fixture.impostorKey);
    expect(await authenticate(fixture.assertionParams(assertion))).toEqual(FAILED);
  });

  it('refuses an unknown client with the same answer as a bad signature', async () => {
    const assertion = await fixture.signAssertion('00000000-0000-4000-8000-000000000000');
    expect(await authenticate(fixture.assertionParams(assertion))).toEqual(FAILED);
  });

  it('refuses an assertion that is not a JWT', async () => {
    expect(await authenticate(fixture.assertionParams('not-a-jwt'))).toEqual(
      failed('invalid_client', 'client assertion must be a compact JWS: three base64url parts separated by "."'),
    );
  });

  it('refuses a wrong "client_assertion_type" and a "client_id" other than the assertion\'s', async () => {
    const assertion = await fixture.signAssertion(client.clientId);
    const params = fixture.assertionParams(assertion);
    params.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer');
    expect(await authenticate(params)).toEqual(
      failed('invalid_request', '"client_assertion_type" must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer'),
    );
    expect(await authenticate(fixture.assertionParams(assertion, { client_id: esClient.clientId }))).toEqual(
      failed('invalid_request', '"client_id" must equal the client assertion\'s "iss"'),
    );
  });

  it('answers when the software JWKS cannot be fetched', async () => {
    const offline = await fixture.createClient({
      softwareStatementClaims: { ...(client.softwareStatementClaims as object), software_jwks_endpoint: fixture.server.url('/missing.jwks') },
    });
    const assertion = await fixture.signAssertion(offline.clientId);
    expect(await authenticate(fixture.assertionParams(assertion))).toEqual(
      failed('invalid_client', 'the JWKS for the client assertion could not be fetched'),
    );
  });
});

describe('authenticateClient: tls_client_auth', () => {
  it('authenticates a certificate whose subject DN is the registered one', async () => {
    const client = await fixture.createClient({ tokenEndpointAuthMethod: 'tls_client_auth', tokenEndpointAuthSigningAlg: null, tlsClientAuthSubjectDn: fixture.leafSubjectDn });
    expect(await authenticate(new URLSearchParams({ client_id: client.clientId }))).toMatchObject({ status: 'authenticated', clientId: client.clientId });
  });

  it('compares DNs as sets of attributes: another order and case still match', async () => {
    const client = await fixture.createClient({
      tokenEndpointAuthMethod: 'tls_client_auth',
      tlsClientAuthSubjectDn: 'c=GB, o=openbanking, ou=0015800001TESTORG, cn=TestSoftware0001',
    });
    expect(await authenticate(new URLSearchParams({ client_id: client.clientId }))).toMatchObject({ status: 'authenticated' });
  });

  it('refuses, without detail, a certificate with another subject DN', async () => {
    const client = await fixture.createClient({ tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: 'CN=AnotherSoftware0002,OU=0015800001TESTORG,O=OpenBanking,C=GB' });
    expect(await authenticate(new URLSearchParams({ client_id: client.clientId }))).toEqual(FAILED);
  });

  it('refuses an unknown client with the same answer', async () => {
    expect(await authenticate(new URLSearchParams({ client_id: 'no-such-client' }))).toEqual(FAILED);
  });
});

describe('authenticateClient: client_secret_basic', () => {
  let client: Client;

  beforeAll(async () => {
    client = await fixture.createClient({ tokenEndpointAuthMethod: 'client_secret_basic', tokenEndpointAuthSigningAlg: null, secretHash: TEST_CLIENT_SECRET_HASH });
  });

  it('authenticates the form-encoded id and secret of the Authorization header', async () => {
    const authorization = fixture.basicAuthorization(client.clientId, TEST_CLIENT_SECRET);
    expect(await authenticate(new URLSearchParams(), { authorization })).toMatchObject({ status: 'authenticated', clientId: client.clientId });
    expect(await authenticate(new URLSearchParams({ client_id: client.clientId }), { authorization })).toMatchObject({ status: 'authenticated' });
  });

  it('refuses a wrong secret and an unknown client with one answer', async () => {
    expect(await authenticate(new URLSearchParams(), { authorization: fixture.basicAuthorization(client.clientId, 'wrong') })).toEqual(FAILED);
    expect(await authenticate(new URLSearchParams(), { authorization: fixture.basicAuthorization('no-such-client', TEST_CLIENT_SECRET) })).toEqual(FAILED);
  });

  it('form-decodes the credentials (RFC 6749 §2.3.1): "+" is a space, and a raw "%" is malformed', async () => {
    const spaced = await fixture.createClient({ tokenEndpointAuthMethod: 'client_secret_basic', secretHash: hashClientSecret('a b') });
    const plus = `Basic ${Buffer.from(`${spaced.clientId}:a+b`).toString('base64')}`;
    expect(await authenticate(new URLSearchParams(), { authorization: plus })).toMatchObject({ status: 'authenticated', clientId: spaced.clientId });
    const raw = `Basic ${Buffer.from(`${client.clientId}:${TEST_CLIENT_SECRET}`).toString('base64')}`;
    expect(await authenticate(new URLSearchParams(), { authorization: raw })).toEqual(
      failed('invalid_request', 'the "Authorization" header must carry a form-urlencoded client id and secret separated by ":"'),
    );
  });

  it.each([
    ['another scheme', 'Bearer abc'],
    ['no separator', `Basic ${Buffer.from('just-an-id').toString('base64')}`],
    ['a bad escape', `Basic ${Buffer.from('id:%zz').toString('base64')}`],
  ])('refuses an Authorization header with %s', async (_, authorization) => {
    const result = await authenticate(new URLSearchParams(), { authorization });
    expect(result).toMatchObject({ status: 'failed', code: 'invalid_request' });
  });

  it('refuses a "client_id" other than the header\'s', async () => {
    const authorization = fixture.basicAuthorization(client.clientId, TEST_CLIENT_SECRET);
    expect(await authenticate(new URLSearchParams({ client_id: 'someone-else' }), { authorization })).toEqual(
      failed('invalid_request', '"client_id" must equal the client id of the "Authorization" header'),
    );
  });
});

describe('authenticateClient: every method', () => {
  it('refuses, without detail, a method other than the registered one', async () => {
    const jwtClient = await fixture.createClient({ secretHash: TEST_CLIENT_SECRET_HASH });
    const secretClient = await fixture.createClient({ tokenEndpointAuthMethod: 'client_secret_basic', secretHash: TEST_CLIENT_SECRET_HASH });
    const tlsClient = await fixture.createClient({ tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: fixture.leafSubjectDn });
    expect(await authenticate(new URLSearchParams(), { authorization: fixture.basicAuthorization(jwtClient.clientId, TEST_CLIENT_SECRET) })).toEqual(FAILED);
    expect(await authenticate(new URLSearchParams({ client_id: jwtClient.clientId }))).toEqual(FAILED);
    expect(await authenticate(new URLSearchParams({ client_id: secretClient.clientId }))).toEqual(FAILED);
    expect(await authenticate(fixture.assertionParams(await fixture.signAssertion(tlsClient.clientId)))).toEqual(FAILED);
  });

  it.each(['pending', 'suspended', 'revoked'] as const)('refuses a %s client once it has authenticated', async (status) => {
    const jwtClient = await fixture.createClient({ status });
    const secretClient = await fixture.createClient({ status, tokenEndpointAuthMethod: 'client_secret_basic', secretHash: TEST_CLIENT_SECRET_HASH });
    const tlsClient = await fixture.createClient({ status, tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: fixture.leafSubjectDn });
    const notActive = failed('invalid_client', 'client is not active');
    expect(await authenticate(fixture.assertionParams(await fixture.signAssertion(jwtClient.clientId)))).toEqual(notActive);
    expect(await authenticate(new URLSearchParams(), { authorization: fixture.basicAuthorization(secretClient.clientId, TEST_CLIENT_SECRET) })).toEqual(notActive);
    expect(await authenticate(new URLSearchParams({ client_id: tlsClient.clientId }))).toEqual(notActive);
    // Without valid credentials, the status stays hidden.
    expect(await authenticate(new URLSearchParams(), { authorization: fixture.basicAuthorization(secretClient.clientId, 'wrong') })).toEqual(FAILED);
  });

  it('treats a deleted client as unknown', async () => {
    const client = await fixture.createClient({ tokenEndpointAuthMethod: 'client_secret_basic', secretHash: TEST_CLIENT_SECRET_HASH, deletedAt: new Date() });
    expect(await authenticate(new URLSearchParams(), { authorization: fixture.basicAuthorization(client.clientId, TEST_CLIENT_SECRET) })).toEqual(FAILED);
  });

  it('requires a client certificate, before anything else', async () => {
    const client = await fixture.createClient();
    const certificateRequired = failed('invalid_client', 'a client certificate is required');
    expect(await authenticate(fixture.assertionParams(await fixture.signAssertion(client.clientId)), { certificatePem: null })).toEqual(certificateRequired);
    expect(await authenticate(new URLSearchParams({ client_id: client.clientId }), { certificatePem: null })).toEqual(certificateRequired);
    expect(await authenticate(new URLSearchParams(), { certificatePem: null })).toEqual(certificateRequired);
  });

  it("refuses a certificate of another software once the client has authenticated", async () => {
    const client = await fixture.createClient({ tokenEndpointAuthMethod: 'client_secret_basic', secretHash: TEST_CLIENT_SECRET_HASH });
    const result = await authenticate(new URLSearchParams(), {
      authorization: fixture.basicAuthorization(client.clientId, TEST_CLIENT_SECRET),
      certificatePem: fixture.certificates.otherSoftware.pem,
    });
    expect(result).toEqual(failed('invalid_client', "the client certificate does not belong to the client's software"));
  });

  it('accepts an OBWAC naming the organisation', async () => {
    const client = await fixture.createClient();
    const assertion = await fixture.signAssertion(client.clientId);
    expect(await authenticate(fixture.assertionParams(assertion), { certificatePem: fixture.certificates.obwac.pem })).toMatchObject({ status: 'authenticated' });
  });

  it.each<[string, () => Promise<{ params: URLSearchParams; authorization?: string }>, { code: 'invalid_client' | 'invalid_request'; description: string }]>([
    ['no credentials at all', async () => ({ params: new URLSearchParams() }), { code: 'invalid_client', description: 'client authentication is required' }],
    [
      'a secret in the body',
      async () => ({ params: new URLSearchParams({ client_id: 'x', client_secret: 'y' }) }),
      { code: 'invalid_request', description: '"client_secret" in the request body is not supported; send it with HTTP Basic (client_secret_basic)' },
    ],
    [
      'two methods at once',
      async () => ({ params: fixture.assertionParams('a.b.c'), authorization: fixture.basicAuthorization('x', 'y') }),
      { code: 'invalid_request', description: 'the request must use exactly one client authentication method' },
    ],
  ])('refuses %s', async (_, build, expected) => {
    const { params, authorization } = await build();
    expect(await authenticate(params, { authorization })).toEqual({ status: 'failed', ...expected });
  });
});
