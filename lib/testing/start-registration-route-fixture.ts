import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, importX509 } from 'jose';
import { MTLS_PROXY_SECRET_HEADER } from '@/lib/http/read-forwarded-certificate';
import { buildRegistrationClaims } from './build-registration-claims';
import { buildSoftwareStatementClaims } from './jose-fixtures/build-software-statement-claims';
import { createTestSigningKey } from './jose-fixtures/create-test-signing-key';
import { signTestJws } from './jose-fixtures/sign-test-jws';
import { serveEmptyRevokedKeyLists } from './jose-fixtures/serve-revoked-key-lists';
import { startJwksServer, type TestJwksServer } from './jose-fixtures/start-jwks-server';
import { createTransportCertificates, type TransportCertificates } from './registration-fixtures/create-transport-certificates';

/** The bank's `ASPSP_ORG_ID` (a registration JWT's `aud`) in route tests. */
export const ROUTE_TEST_ASPSP_ORG_ID = '0015800001ONBRDBNK';
/** The bank's `MTLS_URL` in route tests. */
export const ROUTE_TEST_MTLS_URL = 'https://mtls.bank.example';
const ROUTE_TEST_MTLS_PROXY_SECRET = 'route-test-mtls-proxy-secret-0123456789abcdef';

/** A directory and a TPP software on a local JWKS server, and the configuration that trusts them. */
export type RegistrationRouteFixture = {
  server: TestJwksServer;
  certificates: TransportCertificates;
  softwareId: string;
  /** Variables to stub before the configuration is first read (add `DATABASE_URL` and `DATA_DIR`). */
  env: Record<string, string>;
  /** A `POST /register` request as the TLS terminator forwards it: a fresh registration JWT (new `jti`), valid now. */
  registrationRequest(overrides?: Record<string, unknown>): Promise<Request>;
  close(): Promise<void>;
};

/**
 * Starts what `POST /register` (lib/api-host/endpoints/register-client.ts) needs around the real clock, with no sandbox directory: the
 * directory's SSA-signing JWKS and the software JWKS (its `use: tls` key carries the transport certificate)
 * served over HTTP, and the CA bundle in a file. Rate limits are off: callers send bursts on purpose.
 */
export async function startRegistrationRouteFixture(): Promise<RegistrationRouteFixture> {
  const server = await startJwksServer();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'onboard-route-fixture-'));
  const baseClaims = buildSoftwareStatementClaims();
  const softwareId = baseClaims.software_id as string;
  const now = new Date();
  const [directoryKey, softwareKey, certificates] = await Promise.all([
    createTestSigningKey('PS256', 'directory-ssa-key-1'),
    createTestSigningKey('PS256', 'software-sig-key-1'),
    createTransportCertificates(now, { softwareId, orgId: baseClaims.org_id as string, orgName: baseClaims.org_name as string }),
  ]);
  const ssa = await signTestJws(
    buildSoftwareStatementClaims({
      iat: Math.floor(now.getTime() / 1000) - 60,
      software_jwks_endpoint: server.url('/software.jwks'),
      ...serveEmptyRevokedKeyLists(server),
    }),
    directoryKey,
  );
  const transportJwk = await exportJWK(await importX509(certificates.leaf.pem, 'PS256', { extractable: true }));
  const x5c = [certificates.leaf.certificate, certificates.pki.issuing.certificate].map((certificate) => Buffer.from(certificate.rawData).toString('base64'));
  server.serve('/directory.jwks', { body: { keys: [directoryKey.publicJwk] } });
  server.serve('/software.jwks', { body: { keys: [softwareKey.publicJwk, { ...transportJwk, kid: 'software-tls-key-1', use: 'tls', x5c }] } });
  const caBundle = path.join(dir, 'ca-bundle.pem');
  await writeFile(caBundle, certificates.pki.caCertificates.join('\n'));

  return {
    server,
    certificates,
    softwareId,
    env: {
      PORTAL_URL: 'https://portal.bank.example',
      MTLS_URL: ROUTE_TEST_MTLS_URL,
      MTLS_PROXY_SECRET: ROUTE_TEST_MTLS_PROXY_SECRET,
      ASPSP_ORG_ID: ROUTE_TEST_ASPSP_ORG_ID,
      DIRECTORY_JWKS_URI: server.url('/directory.jwks'),
      DIRECTORY_JWKS_HOSTS: server.host,
      DIRECTORY_CA_BUNDLE: caBundle,
      RATE_LIMIT_REGISTER_PER_MINUTE: '0',
    },
    async registrationRequest(overrides = {}) {
      const claims = buildRegistrationClaims({ softwareId, ssa, audience: ROUTE_TEST_ASPSP_ORG_ID, lifetimeSeconds: 300 }, overrides);
      return new Request(`${ROUTE_TEST_MTLS_URL}/register`, {
        method: 'POST',
        headers: {
          'content-type': 'application/jwt',
          [MTLS_PROXY_SECRET_HEADER]: ROUTE_TEST_MTLS_PROXY_SECRET,
          'x-ssl-client-cert': encodeURIComponent(certificates.leaf.pem),
        },
        body: await signTestJws(claims, softwareKey),
      });
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
