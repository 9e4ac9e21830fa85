import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startConfiguredApiHost, type ConfiguredApiHost } from '@/lib/api-host/start-configured-api-host';
import { provisionEmbeddedClient } from '@/lib/authorization-server/provision-embedded-client';
import { hashClientSecret } from '@/lib/clients/hash-client-secret';
import { formatDistinguishedName } from '@/lib/certificates/format-distinguished-name';
import { getDb, type Client, type Prisma } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { buildSoftwareStatementClaims } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { createTestSigningKey, type TestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';
import { serveEmptyRevokedKeyLists } from '@/lib/testing/jose-fixtures/serve-revoked-key-lists';
import { startJwksServer, type TestJwksServer } from '@/lib/testing/jose-fixtures/start-jwks-server';
import { createTransportCertificates, type TransportCertificates } from '@/lib/testing/registration-fixtures/create-transport-certificates';
import { MTLS_PROXY_SECRET_HEADER } from '@/lib/http/read-forwarded-certificate';
import { JWT_BEARER_ASSERTION_TYPE } from '@/lib/profile/ob-profile';

/** The bank's `PORTAL_URL` (the issuer) in token tests. */
export const TEST_PORTAL_URL = 'https://portal.bank.example';
/** The bank's `MTLS_URL` in token tests. */
export const TEST_MTLS_URL = 'https://mtls.bank.example';
/** The TLS terminator's shared secret in token tests. */
export const TEST_MTLS_PROXY_SECRET = 'test-mtls-proxy-secret-0123456789abcdef';
/**
 * The secret of clients created with `client_secret_basic`: characters RFC 6749 §2.3.1 form-encodes. ASCII only:
 * oidc-provider takes VSCHAR secrets (Onboard's are base64url).
 */
export const TEST_CLIENT_SECRET = 'se cret+/:%&=';

/** An answer of the API host: status, headers, and the body (parsed when it is JSON, else its text). */
export type TokenAnswer = { status: number; headers: Record<string, string>; body: unknown };

/** What the token endpoint has stored, from `AuthorizationServerPayload` by kind, and Onboard's clients. */
export type StoredTokenCounts = { accessTokens: number; replayKeys: number; otherPayloads: number; clients: number };

/**
 * Keys, certificates, a software JWKS server and client builders for token endpoint tests (no database until
 * `createClient`), and the real API host with the embedded authorization server (started on the first `postToken`).
 */
export type TokenTestFixture = {
  server: TestJwksServer;
  /** Published in the software JWKS with `use: sig`. */
  softwareKey: TestSigningKey;
  softwareEsKey: TestSigningKey;
  /** Not published; carries `softwareKey`'s kid, so only its signature gives it away. */
  impostorKey: TestSigningKey;
  rsaKey: TestSigningKey;
  certificates: TransportCertificates;
  /** The legacy leaf certificate's subject DN, RFC 4514 (most specific first). */
  leafSubjectDn: string;
  /** Variables to stub before the configuration is first read. */
  env: Record<string, string>;
  /** Inserts an active client of the fixture software (default `private_key_jwt`, PS256, client_credentials). */
  createClient(overrides?: Partial<Prisma.ClientUncheckedCreateInput>): Promise<Client>;
  /** As `createClient`, then written into the embedded authorization server as the lifecycle would (it must be active). */
  createProvisionedClient(overrides?: Partial<Prisma.ClientUncheckedCreateInput>): Promise<Client>;
  /**
   * `POST /token` on the API host's plain listener with these headers only (and what fetch adds, such as a content
   * type for a body without one): send `terminatorHeaders` for the terminator's word. The host is the product's
   * (`startConfiguredApiHost`, without a terminator of its own), started on first use.
   */
  postToken(body: string | URLSearchParams, headers: Record<string, string>): Promise<TokenAnswer>;
  /** Any request to the API host's plain listener, as `postToken` sends it (`/register/{id}`, …). */
  send(method: string, target: string, headers: Record<string, string>, body?: string | URLSearchParams): Promise<TokenAnswer>;
  /** Counts what a token request can store. */
  countStored(): Promise<StoredTokenCounts>;
  /** A client assertion for `clientId` valid now; an override of `undefined` removes the claim. */
  signAssertion(clientId: string, overrides?: Record<string, unknown>, key?: TestSigningKey): Promise<string>;
  /** The form of a private_key_jwt token request. */
  assertionParams(assertion: string, extra?: Record<string, string>): URLSearchParams;
  /** `Authorization: Basic` for an id and secret, form-encoded first (RFC 6749 §2.3.1). */
  basicAuthorization(clientId: string, secret: string): string;
  /** Headers the TLS terminator adds: its secret and the URL-encoded client certificate. */
  terminatorHeaders(certificatePem: string | null): Record<string, string>;
  close(): Promise<void>;
};

/** Starts the software JWKS server and generates keys and certificates, around the real clock. */
export async function startTokenTestFixture(): Promise<TokenTestFixture> {
  const server = await startJwksServer();
  const [softwareKey, softwareEsKey, impostorKey, rsaKey, certificates] = await Promise.all([
    createTestSigningKey('PS256', 'software-sig-1'),
    createTestSigningKey('ES256', 'software-sig-es'),
    createTestSigningKey('PS256', 'software-sig-1'),
    createTestSigningKey('RS256', 'software-sig-rs'),
    createTransportCertificates(new Date(), { softwareId: 'TestSoftware0001', orgId: '0015800001TESTORG', orgName: 'Test TPP Ltd' }),
  ]);
  server.serve('/software.jwks', { body: { keys: [softwareKey.publicJwk, softwareEsKey.publicJwk, rsaKey.publicJwk] } });
  // The bank's CA bundle, as DIRECTORY_CA_BUNDLE names it: the token endpoint asks the certificate's issuer for its status.
  const bundleDir = await mkdtemp(path.join(tmpdir(), 'onboard-token-ca-'));
  const caBundlePath = path.join(bundleDir, 'ca-bundle.pem');
  await writeFile(caBundlePath, certificates.pki.caCertificates.join('\n'));
  const ssaClaims = buildSoftwareStatementClaims({ software_jwks_endpoint: server.url('/software.jwks'), ...serveEmptyRevokedKeyLists(server) });
  const form = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  // Started on first use: the test database is set up after this fixture starts, and the host reads it at start.
  let host: Promise<ConfiguredApiHost> | undefined;
  const createClient = async (overrides: Partial<Prisma.ClientUncheckedCreateInput> = {}): Promise<Client> => {
    const organisation = await getDb().organisation.upsert({
      where: { directoryOrgId: ssaClaims.org_id as string },
      create: { directoryOrgId: ssaClaims.org_id as string, name: ssaClaims.org_name as string, status: 'Active', roles: ['AISP', 'PISP'] },
      update: {},
    });
    return getDb().client.create({
      data: {
        clientId: randomUUID(),
        organisationId: organisation.id,
        softwareId: ssaClaims.software_id as string,
        softwareClientName: ssaClaims.software_client_name as string,
        environment: 'sandbox',
        creationMethod: 'DCR',
        status: 'active',
        tokenEndpointAuthMethod: 'private_key_jwt',
        tokenEndpointAuthSigningAlg: 'PS256',
        redirectUris: ssaClaims.software_redirect_uris as string[],
        scopes: ['openid', 'accounts', 'payments'],
        grantTypes: ['authorization_code', 'client_credentials', 'refresh_token'],
        responseTypes: ['code id_token'],
        softwareStatement: 'eyJ.test.ssa',
        softwareStatementClaims: ssaClaims as Prisma.InputJsonObject,
        registrationMetadata: {},
        ...overrides,
      },
    });
  };

  const send = async (method: string, target: string, headers: Record<string, string>, body?: string | URLSearchParams): Promise<TokenAnswer> => {
    host ??= startConfiguredApiHost(getEnv(), 'none');
    const response = await fetch(`${(await host).plainUrl}${target}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if (/json/.test(response.headers.get('content-type') ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {}
    }
    return { status: response.status, headers: Object.fromEntries(response.headers), body: parsed };
  };

  return {
    server,
    softwareKey,
    softwareEsKey,
    impostorKey,
    rsaKey,
    certificates,
    leafSubjectDn: formatDistinguishedName(certificates.leaf.certificate.subjectName),
    env: {
      PORTAL_URL: TEST_PORTAL_URL,
      MTLS_URL: TEST_MTLS_URL,
      MTLS_PROXY_SECRET: TEST_MTLS_PROXY_SECRET,
      DIRECTORY_JWKS_HOSTS: server.host,
      DIRECTORY_CA_BUNDLE: caBundlePath,
      ACCESS_TOKEN_TTL_SECONDS: '300',
      API_ADDRESS: '127.0.0.1:0',
    },
    createClient,
    async createProvisionedClient(overrides = {}) {
      const client = await createClient(overrides);
      await provisionEmbeddedClient(getDb(), client);
      return client;
    },
    postToken(body, headers) {
      return send('POST', '/token', headers, body);
    },
    send,
    async countStored() {
      const db = getDb();
      const kinds = await db.authorizationServerPayload.groupBy({ by: ['kind'], _count: { _all: true } });
      const count = (kind: string) => kinds.find((row) => row.kind === kind)?._count._all ?? 0;
      const total = kinds.reduce((sum, row) => sum + row._count._all, 0);
      return {
        accessTokens: count('ClientCredentials'),
        replayKeys: count('ReplayDetection'),
        otherPayloads: total - count('ClientCredentials') - count('ReplayDetection'),
        clients: await db.client.count(),
      };
    },
    async signAssertion(clientId, overrides = {}, key = softwareKey) {
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = { iss: clientId, sub: clientId, aud: `${TEST_MTLS_URL}/token`, iat: now, exp: now + 60, jti: randomUUID() };
      for (const [name, value] of Object.entries(overrides)) {
        if (value === undefined) delete claims[name];
        // Defined, not assigned: a "__proto__" claim must be a claim, not the object's prototype.
        else Object.defineProperty(claims, name, { value, enumerable: true, writable: true, configurable: true });
      }
      return signTestJws(claims, key);
    },
    assertionParams(assertion, extra = {}) {
      return new URLSearchParams({ client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: assertion, ...extra });
    },
    basicAuthorization(clientId, secret) {
      return `Basic ${Buffer.from(`${form(clientId)}:${form(secret)}`, 'utf8').toString('base64')}`;
    },
    terminatorHeaders(certificatePem) {
      return {
        [MTLS_PROXY_SECRET_HEADER]: TEST_MTLS_PROXY_SECRET,
        ...(certificatePem === null ? {} : { 'x-ssl-client-cert': encodeURIComponent(certificatePem) }),
      };
    },
    async close() {
      // A host that failed to start has nothing to close (the test that started it failed already).
      await (await host?.catch(() => undefined))?.close();
      await server.close();
      await rm(bundleDir, { recursive: true, force: true });
    },
  };
}

/** The stored hash of `TEST_CLIENT_SECRET`, for `createClient({ secretHash })`. */
export const TEST_CLIENT_SECRET_HASH = hashClientSecret(TEST_CLIENT_SECRET);
