// The embedded authorization server over real mutual TLS (node:https, requestCert, the test CA), against the real
// database, with clients provisioned as Onboard provisions them.
import { randomUUID } from 'node:crypto';
import { compactVerify, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { hashClientSecret } from '@/lib/clients/hash-client-secret';
import { getDb, type Prisma } from '@/lib/db';
import { buildSoftwareStatementClaims } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { serveEmptyRevokedKeyLists } from '@/lib/testing/jose-fixtures/serve-revoked-key-lists';
import { createTestSigningKey, type TestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';
import { startJwksServer, type TestJwksServer } from '@/lib/testing/jose-fixtures/start-jwks-server';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { createPrismaOidcAdapter } from './create-prisma-oidc-adapter';
import { deprovisionEmbeddedClient } from './deprovision-embedded-client';
import { provisionEmbeddedClient } from './provision-embedded-client';
import type { MtlsTestCredential } from './testing/create-mtls-test-pki';
import { startTestAuthorizationServer, type TestAnswer, type TestAuthorizationServer } from './testing/start-test-authorization-server';
import { storeTestAccessToken } from './testing/store-test-access-token';
import { revokeClientAccessToken, verifyClientAccessToken } from './verify-client-access-token';
import type { ProvisionableClient } from './to-embedded-client-metadata';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
// RFC 6749 §2.3.1 form-encodes these; Onboard's secrets are base64url, and oidc-provider takes VSCHAR only.
const SECRET = 'se cret+/:%&=';
const SOFTWARE_ID = 'TestSoftware0001';
const ORG_ID = '0015800001TESTORG';
const RESOURCE_SERVER_ID = 'bank-resource-server';
const AUTHENTICATION_FAILED = { error: 'invalid_client', error_description: 'client authentication failed' };

let jwks: TestJwksServer;
let as: TestAuthorizationServer;
let psKey: TestSigningKey;
let esKey: TestSigningKey;
let rsKey: TestSigningKey;
let leaf: MtlsTestCredential;
let otherSoftware: MtlsTestCredential;
let resourceServer: MtlsTestCredential;
let selfSigned: MtlsTestCredential;
let ssaClaims: Record<string, unknown>;

useTestDatabase();

beforeAll(async () => {
  jwks = await startJwksServer();
  [psKey, esKey, rsKey] = await Promise.all([
    createTestSigningKey('PS256', 'software-sig-ps'),
    createTestSigningKey('ES256', 'software-sig-es'),
    createTestSigningKey('RS256', 'software-sig-rs'),
  ]);
  // The RS256 key is published too: it is refused for its algorithm, not for being unknown.
  jwks.serve('/software.jwks', { body: { keys: [psKey.publicJwk, esKey.publicJwk, rsKey.publicJwk] } });
  // The directory's revoked-key lists, empty until a test revokes something (the test server reads them uncached).
  ssaClaims = buildSoftwareStatementClaims({ software_jwks_endpoint: jwks.url('/software.jwks'), ...serveEmptyRevokedKeyLists(jwks) });
  as = await startTestAuthorizationServer(getDb(), {
    jwksHosts: [jwks.host],
    // Attribute order differs from the certificate's on purpose.
    resourceServers: [{ clientId: RESOURCE_SERVER_ID, tlsClientAuthSubjectDn: 'C=GB,O=Test Bank,CN=resource-server' }],
  });
  [leaf, otherSoftware, resourceServer, selfSigned] = await Promise.all([
    as.pki.issue(`C=GB, O=OpenBanking, OU=${ORG_ID}, CN=${SOFTWARE_ID}`),
    as.pki.issue(`C=GB, O=OpenBanking, OU=${ORG_ID}, CN=AnotherSoftware0002`),
    as.pki.issue('C=GB, O=Test Bank, CN=resource-server'),
    as.pki.selfSign(`C=GB, O=OpenBanking, OU=${ORG_ID}, CN=${SOFTWARE_ID}`),
  ]);
});

afterAll(async () => {
  await as?.close();
  await jwks?.close();
});

function serveRevoked(software: { keys: JWK[] }, organisation: { keys: JWK[] }): void {
  jwks.serve('/revoked/software.jwks', { body: software });
  jwks.serve('/revoked/organisation.jwks', { body: organisation });
}

/** Provisions an active client of the fixture software (default private_key_jwt, PS256). */
async function provision(overrides: Partial<ProvisionableClient> = {}): Promise<ProvisionableClient> {
  const client: ProvisionableClient = {
    clientId: randomUUID(),
    status: 'active',
    deletedAt: null,
    softwareId: SOFTWARE_ID,
    tokenEndpointAuthMethod: 'private_key_jwt',
    tokenEndpointAuthSigningAlg: 'PS256',
    tlsClientAuthSubjectDn: null,
    scopes: ['openid', 'accounts', 'payments'],
    grantTypes: ['authorization_code', 'client_credentials', 'refresh_token'],
    secretHash: null,
    softwareStatementClaims: ssaClaims as Prisma.JsonObject,
    ...overrides,
  };
  await provisionEmbeddedClient(getDb(), client);
  return client;
}

function assertion(clientId: string, overrides: Record<string, unknown> = {}, key: TestSigningKey = psKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signTestJws({ iss: clientId, sub: clientId, aud: `${as.issuer}/token`, iat: now, exp: now + 60, jti: randomUUID(), ...overrides }, key);
}

function form(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

function basic(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`, 'utf8').toString('base64')}`;
}

function requestToken(params: Record<string, string>, credential: MtlsTestCredential | null = leaf, headers: Record<string, string> = {}): Promise<TestAnswer> {
  return as.send('POST', '/token', { credential, headers, body: form({ grant_type: 'client_credentials', ...params }) });
}

async function assertionParams(clientId: string, overrides: Record<string, unknown> = {}, key?: TestSigningKey): Promise<Record<string, string>> {
  return { client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion(clientId, overrides, key) };
}

function introspect(token: string, credential: MtlsTestCredential = resourceServer, params: Record<string, string> = { client_id: RESOURCE_SERVER_ID }, headers?: Record<string, string>): Promise<TestAnswer> {
  return as.send('POST', '/token/introspection', { credential, headers, body: form({ token, ...params }) });
}

function expectIssued(answer: TestAnswer, scope: string): string {
  expect({ status: answer.status, body: answer.body, cacheControl: answer.headers['cache-control'] }).toEqual({
    status: 200,
    body: { access_token: expect.stringMatching(/^[\w-]{43}$/), token_type: 'Bearer', expires_in: 300, scope },
    cacheControl: 'no-store',
  });
  return (answer.body as { access_token: string }).access_token;
}

describe('client_credentials', () => {
  it('issues an opaque token bound to the certificate to a private_key_jwt client, aud the token endpoint or the issuer', async () => {
    const client = await provision();
    const token = expectIssued(await requestToken({ ...(await assertionParams(client.clientId)), scope: 'accounts' }), 'accounts');
    expectIssued(await requestToken({ ...(await assertionParams(client.clientId, { aud: as.issuer })), scope: 'payments' }), 'payments');

    const introspected = await introspect(token);
    expect(introspected).toMatchObject({ status: 200 });
    expect(introspected.body).toEqual({
      active: true,
      client_id: client.clientId,
      exp: expect.any(Number),
      iat: expect.any(Number),
      iss: as.issuer,
      scope: 'accounts',
      token_type: 'Bearer',
      cnf: { 'x5t#S256': readCertificate(leaf.certPem).thumbprintS256 },
    });
  });

  it('stores its tokens as the RFC 7592 endpoints read them (and as storeTestAccessToken writes them): bound, then gone when revoked', async () => {
    const client = await provision();
    const token = expectIssued(await requestToken({ ...(await assertionParams(client.clientId)), scope: 'accounts' }), 'accounts');
    expect(await verifyClientAccessToken(getDb(), token, leaf.certPem)).toEqual({ status: 'valid', clientId: client.clientId, scope: 'accounts' });
    expect(await verifyClientAccessToken(getDb(), token, otherSoftware.certPem)).toEqual({ status: 'invalid', description: 'access token is not bound to the presented certificate' });
    const [stored, written] = await Promise.all(
      [token, await storeTestAccessToken(getDb(), { clientId: client.clientId, certificateThumbprint: readCertificate(leaf.certPem).thumbprintS256, scope: 'accounts' })].map(
        (value) => createPrismaOidcAdapter(getDb())('ClientCredentials').find(value),
      ),
    );
    expect(Object.keys(written ?? {}).sort()).toEqual(Object.keys(stored ?? {}).sort());
    await revokeClientAccessToken(getDb(), token);
    expect((await verifyClientAccessToken(getDb(), token, leaf.certPem)).status).toBe('invalid');
  });

  it('grants every registered scope but openid when the request names none', async () => {
    const client = await provision({ scopes: ['openid', 'accounts', 'payments'] });
    expectIssued(await requestToken(await assertionParams(client.clientId)), 'accounts payments');
  });

  it('accepts an ES256 assertion from a client registered for ES256', async () => {
    const client = await provision({ tokenEndpointAuthSigningAlg: 'ES256' });
    expectIssued(await requestToken({ ...(await assertionParams(client.clientId, {}, esKey)), scope: 'accounts' }), 'accounts');
  });

  it('issues to a tls_client_auth client whose DN equals the certificate subject as a set of attributes', async () => {
    const client = await provision({
      tokenEndpointAuthMethod: 'tls_client_auth',
      tokenEndpointAuthSigningAlg: null,
      // DER order (C first): the certificate's subject reads CN first.
      tlsClientAuthSubjectDn: `C=GB,O=OpenBanking,OU=${ORG_ID},CN=${SOFTWARE_ID}`,
    });
    const token = expectIssued(await requestToken({ client_id: client.clientId, scope: 'accounts payments' }), 'accounts payments');
    expect((await introspect(token)).body).toMatchObject({ active: true, cnf: { 'x5t#S256': readCertificate(leaf.certPem).thumbprintS256 } });
  });

  it('compares each registered DN with the certificate afresh: one certificate, a matching client and then one whose DN differs', async () => {
    const matching = await provision({ tokenEndpointAuthMethod: 'tls_client_auth', tokenEndpointAuthSigningAlg: null, tlsClientAuthSubjectDn: `CN=${SOFTWARE_ID},OU=${ORG_ID},O=OpenBanking,C=GB` });
    const differing = await provision({ tokenEndpointAuthMethod: 'tls_client_auth', tokenEndpointAuthSigningAlg: null, tlsClientAuthSubjectDn: `CN=${SOFTWARE_ID},OU=${ORG_ID},O=OpenBanking,C=FR` });

    expectIssued(await requestToken({ client_id: matching.clientId, scope: 'accounts' }), 'accounts');
    expectIssued(await requestToken({ client_id: matching.clientId, scope: 'accounts' }), 'accounts');
    const refused = await requestToken({ client_id: differing.clientId, scope: 'accounts' });
    expect({ status: refused.status, body: refused.body }).toEqual({ status: 401, body: AUTHENTICATION_FAILED });
  });

  it('issues to a client_secret_basic client of which only the secret hash is stored', async () => {
    const client = await provision({ tokenEndpointAuthMethod: 'client_secret_basic', tokenEndpointAuthSigningAlg: null, secretHash: hashClientSecret(SECRET) });
    const stored = await getDb().$queryRaw<{ payload: unknown }[]>`SELECT payload FROM "AuthorizationServerPayload" WHERE kind = 'Client' AND id = ${client.clientId}`;
    expect(JSON.stringify(stored)).not.toContain(SECRET);
    expect(stored[0]?.payload).toMatchObject({ client_secret: hashClientSecret(SECRET) });

    const token = expectIssued(await requestToken({ scope: 'accounts' }, leaf, { authorization: basic(client.clientId, SECRET) }), 'accounts');
    expect((await introspect(token)).body).toMatchObject({ active: true, cnf: { 'x5t#S256': readCertificate(leaf.certPem).thumbprintS256 } });
    // The hash is not a secret that works.
    const withHash = await requestToken({}, leaf, { authorization: basic(client.clientId, hashClientSecret(SECRET)) });
    expect({ status: withHash.status, body: withHash.body }).toEqual({ status: 401, body: AUTHENTICATION_FAILED });
  });

  it('stores no usable token: the row is keyed by a hash and its payload leaves the token out', async () => {
    const client = await provision();
    const token = expectIssued(await requestToken({ ...(await assertionParams(client.clientId)), scope: 'accounts' }), 'accounts');
    const rows = await getDb().$queryRaw<unknown[]>`SELECT * FROM "AuthorizationServerPayload" WHERE "clientId" = ${client.clientId} AND kind = 'ClientCredentials'`;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe('refusals', () => {
  let client: ProvisionableClient;
  let tlsClient: ProvisionableClient;
  let secretClient: ProvisionableClient;
  let codeOnlyClient: ProvisionableClient;
  let unguardedJwksClient: ProvisionableClient;
  beforeAll(async () => {
    // The software JWKS on a host the SSRF guard does not allow (the same server, by another name).
    unguardedJwksClient = await provision({
      softwareStatementClaims: { ...ssaClaims, software_jwks_endpoint: `http://localhost:${jwks.port}/software.jwks` } as Prisma.JsonObject,
    });
    codeOnlyClient = await provision({ grantTypes: ['authorization_code'] });
    client = await provision();
    tlsClient = await provision({ tokenEndpointAuthMethod: 'tls_client_auth', tokenEndpointAuthSigningAlg: null, tlsClientAuthSubjectDn: `CN=${SOFTWARE_ID},OU=${ORG_ID},O=OpenBanking,C=GB` });
    secretClient = await provision({ tokenEndpointAuthMethod: 'client_secret_basic', tokenEndpointAuthSigningAlg: null, secretHash: hashClientSecret(SECRET) });
  });

  const cases: Array<{ name: string; send: () => Promise<TestAnswer>; status: number; body: Record<string, string> }> = [
    {
      name: 'no client certificate (private_key_jwt)',
      send: async () => requestToken(await assertionParams(client.clientId), null),
      status: 401,
      body: { error: 'invalid_client', error_description: 'a client certificate is required' },
    },
    {
      name: 'no client certificate (tls_client_auth)',
      send: () => requestToken({ client_id: tlsClient.clientId }, null),
      status: 401,
      body: { error: 'invalid_client', error_description: 'a client certificate is required' },
    },
    {
      name: 'a certificate that did not verify (self-signed)',
      send: async () => requestToken(await assertionParams(client.clientId), selfSigned),
      status: 401,
      body: { error: 'invalid_client', error_description: 'a client certificate is required' },
    },
    {
      name: "a certificate of another software (private_key_jwt)",
      send: async () => requestToken(await assertionParams(client.clientId), otherSoftware),
      status: 401,
      body: { error: 'invalid_client', error_description: "the client certificate does not belong to the client's software" },
    },
    {
      name: 'a certificate of another software (client_secret_basic)',
      send: () => requestToken({}, otherSoftware, { authorization: basic(secretClient.clientId, SECRET) }),
      status: 401,
      body: { error: 'invalid_client', error_description: "the client certificate does not belong to the client's software" },
    },
    {
      name: 'a certificate whose subject is not the registered DN (tls_client_auth)',
      send: () => requestToken({ client_id: tlsClient.clientId }, otherSoftware),
      status: 401,
      body: AUTHENTICATION_FAILED,
    },
    {
      name: 'a wrong secret',
      send: () => requestToken({}, leaf, { authorization: basic(secretClient.clientId, 'wrong') }),
      status: 401,
      body: AUTHENTICATION_FAILED,
    },
    {
      name: 'an assertion signed RS256 (by a key of the software JWKS)',
      send: async () => requestToken(await assertionParams(client.clientId, {}, rsKey)),
      status: 401,
      body: AUTHENTICATION_FAILED,
    },
    {
      name: 'an assertion signed HS256',
      send: async () => {
        const now = Math.floor(Date.now() / 1000);
        const hs256 = await new SignJWT({ jti: randomUUID() })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(client.clientId)
          .setSubject(client.clientId)
          .setAudience(`${as.issuer}/token`)
          .setIssuedAt(now)
          .setExpirationTime(now + 60)
          .sign(new TextEncoder().encode('a-shared-secret-the-bank-never-agreed-to'));
        return requestToken({ client_assertion_type: ASSERTION_TYPE, client_assertion: hs256 });
      },
      status: 401,
      body: AUTHENTICATION_FAILED,
    },
    {
      name: 'an assertion for another audience',
      send: async () => requestToken(await assertionParams(client.clientId, { aud: 'https://elsewhere.example/token' })),
      status: 401,
      body: AUTHENTICATION_FAILED,
    },
    {
      name: 'an assertion whose software JWKS is on a host the guard does not allow',
      send: async () => {
        const before = jwks.requestCount();
        const answer = await requestToken(await assertionParams(unguardedJwksClient.clientId));
        expect(jwks.requestCount()).toBe(before);
        return answer;
      },
      status: 401,
      body: AUTHENTICATION_FAILED,
    },
    {
      name: 'an unknown client',
      send: async () => requestToken(await assertionParams('no-such-client')),
      status: 401,
      body: AUTHENTICATION_FAILED,
    },
    {
      name: "a scope beyond the client's",
      send: async () => requestToken({ ...(await assertionParams(client.clientId)), scope: 'accounts fundsconfirmations' }),
      status: 400,
      body: { error: 'invalid_scope', error_description: 'requested scope is not allowed', scope: 'fundsconfirmations' },
    },
    {
      name: 'a client not registered for client_credentials',
      send: async () => requestToken(await assertionParams(codeOnlyClient.clientId)),
      status: 400,
      body: { error: 'invalid_request', error_description: 'requested grant type is not allowed for this client' },
    },
    {
      name: 'another grant type',
      send: async () => requestToken({ ...(await assertionParams(client.clientId)), grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://test-app.example/callback' }),
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: 'unsupported grant_type requested' },
    },
  ];

  it.each(cases)('refuses $name', async ({ send, status, body }) => {
    const answer = await send();
    expect({ status: answer.status, body: answer.body }).toEqual({ status, body });
  });

  it('refuses a replayed assertion jti', async () => {
    const params = await assertionParams(client.clientId);
    expectIssued(await requestToken({ ...params, scope: 'accounts' }), 'accounts');
    const replayed = await requestToken({ ...params, scope: 'accounts' });
    expect({ status: replayed.status, body: replayed.body }).toEqual({ status: 401, body: AUTHENTICATION_FAILED });
  });

  it('lets exactly one of concurrent requests with one jti through', async () => {
    const params = await assertionParams(client.clientId);
    const answers = await Promise.all(Array.from({ length: 4 }, () => requestToken({ ...params, scope: 'accounts' })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401, 401, 401]);
  });
});

describe("the directory's revoked keys (OB-RULES trust over time)", () => {
  const x5cOf = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s+/g, '');
  const revokedKey = (extra: Partial<JWK>): JWK => ({ kty: 'RSA', n: 'AQAB', e: 'AQAB', ...extra });
  let client: ProvisionableClient;
  let tlsClient: ProvisionableClient;
  beforeAll(async () => {
    client = await provision();
    tlsClient = await provision({ tokenEndpointAuthMethod: 'tls_client_auth', tokenEndpointAuthSigningAlg: null, tlsClientAuthSubjectDn: `CN=${SOFTWARE_ID},OU=${ORG_ID},O=OpenBanking,C=GB` });
  });
  afterEach(() => serveRevoked({ keys: [] }, { keys: [] }));

  it("refuses a transport certificate once the directory lists it, for every auth method, and says where it is listed", async () => {
    expectIssued(await requestToken({ client_id: tlsClient.clientId }), 'accounts payments');
    serveRevoked({ keys: [] }, { keys: [revokedKey({ kid: 'old-tls', use: 'tls', x5c: [x5cOf(leaf.certPem)] })] });
    const refused = {
      error: 'invalid_client',
      error_description: 'the directory has revoked this transport certificate: it is on the organisation\'s list of revoked keys ("org_jwks_revoked_endpoint")',
    };
    for (const answer of [await requestToken({ client_id: tlsClient.clientId }), await requestToken(await assertionParams(client.clientId))]) {
      expect(answer).toMatchObject({ status: 401, body: refused });
    }
    // Another certificate of the same software is not revoked with it.
    serveRevoked({ keys: [] }, { keys: [revokedKey({ kid: 'old-tls', use: 'tls', x5c: [x5cOf(otherSoftware.certPem)] })] });
    expectIssued(await requestToken({ client_id: tlsClient.clientId }), 'accounts payments');
  });

  it("refuses a client assertion signed by a key on the software's list, and takes it again once it is off", async () => {
    serveRevoked({ keys: [revokedKey({ kid: psKey.kid, use: 'sig' })] }, { keys: [] });
    expect(await requestToken(await assertionParams(client.clientId))).toMatchObject({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: `the directory has revoked the signing key "${psKey.kid}": it is on the software's list of revoked keys ("software_jwks_revoked_endpoint")`,
      },
    });
    // The ES256 key of the same software is not revoked.
    const esClient = await provision({ tokenEndpointAuthSigningAlg: 'ES256' });
    expectIssued(await requestToken(await assertionParams(esClient.clientId, {}, esKey)), 'accounts payments');
    serveRevoked({ keys: [] }, { keys: [] });
    expectIssued(await requestToken(await assertionParams(client.clientId)), 'accounts payments');
  });

  it('refuses, saying why, while a list cannot be read: the certificate\'s status is unknown', async () => {
    jwks.serve('/revoked/organisation.jwks', { status: 503, body: {} });
    const answer = await requestToken({ client_id: tlsClient.clientId });
    expect(answer.status).toBe(401);
    expect((answer.body as Record<string, string>).error_description).toBe(
      'the organisation\'s list of revoked keys ("org_jwks_revoked_endpoint") could not be read, so whether this transport certificate is revoked cannot be established',
    );
  });

  it('refuses a client assertion without "kid" while the software names revoked lists: which key signed it is unknown', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unnamed = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'PS256' })
      .setIssuer(client.clientId)
      .setSubject(client.clientId)
      .setAudience(`${as.issuer}/token`)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(psKey.privateKey);
    expect(await requestToken({ client_assertion_type: ASSERTION_TYPE, client_assertion: unnamed })).toMatchObject({
      status: 401,
      body: { error: 'invalid_client', error_description: 'the client assertion has no "kid", so whether the key that signed it is revoked cannot be established' },
    });
  });

  it('issues to a client whose software statement names no list, without reading any', async () => {
    const unlisted = await provision({
      tokenEndpointAuthMethod: 'tls_client_auth',
      tokenEndpointAuthSigningAlg: null,
      tlsClientAuthSubjectDn: `CN=${SOFTWARE_ID},OU=${ORG_ID},O=OpenBanking,C=GB`,
      softwareStatementClaims: { ...ssaClaims, software_jwks_revoked_endpoint: undefined, org_jwks_revoked_endpoint: undefined } as Prisma.JsonObject,
    });
    const reads = jwks.requestCount('/revoked/software.jwks') + jwks.requestCount('/revoked/organisation.jwks');
    expectIssued(await requestToken({ client_id: unlisted.clientId }), 'accounts payments');
    expect(jwks.requestCount('/revoked/software.jwks') + jwks.requestCount('/revoked/organisation.jwks')).toBe(reads);
  });
});

describe('introspection, revocation and deprovisioning', () => {
  it('introspects a token active, then inactive once the client revoked it', async () => {
    const client = await provision();
    const token = expectIssued(await requestToken({ ...(await assertionParams(client.clientId)), scope: 'accounts' }), 'accounts');
    // The client itself, authenticated as at the token endpoint.
    const own = await introspect(token, leaf, await assertionParams(client.clientId, { aud: as.issuer }));
    expect(own.body).toMatchObject({ active: true, client_id: client.clientId });

    const revoked = await as.send('POST', '/token/revocation', { credential: leaf, body: form({ token, ...(await assertionParams(client.clientId, { aud: as.issuer })) }) });
    expect({ status: revoked.status, body: revoked.body }).toEqual({ status: 200, body: '' });
    expect((await introspect(token)).body).toEqual({ active: false });
  });

  it("does not show a client another client's token", async () => {
    const [owner, other] = await Promise.all([provision(), provision()]);
    const token = expectIssued(await requestToken({ ...(await assertionParams(owner.clientId)), scope: 'accounts' }), 'accounts');
    expect((await introspect(token, leaf, await assertionParams(other.clientId, { aud: as.issuer }))).body).toEqual({ active: false });
    expect((await introspect(token)).body).toMatchObject({ active: true });
  });

  it('signs introspection with the bank key (PS256) for a resource server that asks for JWT', async () => {
    const client = await provision();
    const token = expectIssued(await requestToken({ ...(await assertionParams(client.clientId)), scope: 'accounts' }), 'accounts');
    const answer = await introspect(token, resourceServer, { client_id: RESOURCE_SERVER_ID }, { accept: 'application/token-introspection+jwt' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/token-introspection+jwt; charset=utf-8');
    const { payload, protectedHeader } = await compactVerify(answer.body as string, await importJWK(as.signingKey.publicJwk, 'PS256'));
    expect(protectedHeader).toMatchObject({ alg: 'PS256', kid: as.signingKey.kid });
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
      iss: as.issuer,
      aud: RESOURCE_SERVER_ID,
      token_introspection: { active: true, client_id: client.clientId, scope: 'accounts' },
    });
  });

  it('answers invalid_client to a deprovisioned client, whose existing token introspects inactive', async () => {
    const client = await provision();
    const token = expectIssued(await requestToken({ ...(await assertionParams(client.clientId)), scope: 'accounts' }), 'accounts');
    await deprovisionEmbeddedClient(getDb(), client.clientId);

    const refused = await requestToken(await assertionParams(client.clientId));
    expect({ status: refused.status, body: refused.body }).toEqual({ status: 401, body: AUTHENTICATION_FAILED });
    expect((await introspect(token)).body).toEqual({ active: false });
  });
});

describe('what is served', () => {
  it('advertises only what it serves', async () => {
    const answer = await as.send('GET', '/.well-known/openid-configuration', { credential: null });
    expect(answer.status).toBe(200);
    const body = answer.body as Record<string, unknown>;
    expect(body).toMatchObject({
      issuer: as.issuer,
      token_endpoint: `${as.issuer}/token`,
      introspection_endpoint: `${as.issuer}/token/introspection`,
      revocation_endpoint: `${as.issuer}/token/revocation`,
      jwks_uri: `${as.issuer}/jwks`,
      mtls_endpoint_aliases: {
        token_endpoint: `${as.issuer}/token`,
        introspection_endpoint: `${as.issuer}/token/introspection`,
        revocation_endpoint: `${as.issuer}/token/revocation`,
      },
      grant_types_supported: ['client_credentials'],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'],
      token_endpoint_auth_signing_alg_values_supported: ['PS256', 'ES256'],
      introspection_signing_alg_values_supported: ['PS256'],
      scopes_supported: ['openid', 'accounts', 'payments', 'fundsconfirmations'],
      tls_client_certificate_bound_access_tokens: true,
    });
    for (const name of ['authorization_endpoint', 'response_modes_supported', 'code_challenge_methods_supported', 'userinfo_endpoint', 'end_session_endpoint', 'pushed_authorization_request_endpoint', 'registration_endpoint', 'dpop_signing_alg_values_supported']) {
      expect(body, name).not.toHaveProperty(name);
    }
    const oauthMetadata = await as.send('GET', '/.well-known/oauth-authorization-server', { credential: null });
    expect(oauthMetadata.body).toEqual(body);
  });

  it('publishes the bank keys with their kids, public parts only', async () => {
    const answer = await as.send('GET', '/jwks', { credential: null });
    expect(answer.body).toEqual({ keys: [{ ...as.signingKey.publicJwk }] });
  });

  it('builds its URLs from the issuer, whatever Host the request names', async () => {
    const client = await provision();
    const evil = { host: 'other-bank.example', 'x-forwarded-host': 'other-bank.example', 'x-forwarded-proto': 'http' };
    const minted = await requestToken(await assertionParams(client.clientId, { aud: 'https://other-bank.example/token' }), leaf, evil);
    expect({ status: minted.status, body: minted.body }).toEqual({ status: 401, body: AUTHENTICATION_FAILED });
    expectIssued(await requestToken({ ...(await assertionParams(client.clientId)), scope: 'accounts' }, leaf, evil), 'accounts');
    const discovery = await as.send('GET', '/.well-known/openid-configuration', { credential: null, headers: evil });
    expect(discovery.body).toMatchObject({ issuer: as.issuer, token_endpoint: `${as.issuer}/token` });
  });

  it('serves no authorization endpoint', async () => {
    const answer = await as.send('GET', '/auth?client_id=x&response_type=code&scope=openid', { credential: leaf });
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 404,
      body: { error: 'invalid_request', error_description: 'the authorization server does not serve this route' },
    });
  });
});
