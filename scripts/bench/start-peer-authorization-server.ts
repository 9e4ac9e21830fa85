import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { exportJWK, generateKeyPair } from 'jose';
import pg from 'pg';

import { CERTIFICATE_OR_KEY_AUTH_METHODS, OB_SIGNING_ALGORITHMS, SERVED_SCOPES } from '../../lib/profile/ob-profile';
import { loadOidcProviderModule } from '../../lib/authorization-server/load-oidc-provider-module';
import type { OidcKoaContext } from '../../lib/authorization-server/oidc-provider-types';
import { distinguishedNamesEqual } from '../../lib/certificates/distinguished-names-equal';
import { parseDistinguishedName } from '../../lib/certificates/parse-distinguished-name';
import { readCertificate } from '../../lib/certificates/read-certificate';
import { x509 } from '../../lib/certificates/x509';
import { createPeerOidcAdapter } from './create-peer-oidc-adapter';

/** Where the peer listens, the database it reads clients from and writes tokens to, and its TLS. */
export type PeerAuthorizationServerOptions = {
  /** The peer's issuer and listening origin, e.g. `https://localhost:8743`. */
  url: string;
  /** `postgres://…?schema=<the peer's own schema>`. */
  databaseUrl: string;
  /** The directory CA bundle client certificates are verified against, as the API host's. */
  caBundlePem: string;
  /** The TLS key and certificate the API host serves (`<DATA_DIR>/mtls/`), so that one client trust store fits both. */
  serverKeyPem: string;
  serverCertPem: string;
  accessTokenTtlSeconds: number;
};

// The API host's TLS settings (lib/api-host/start-api-host.ts), so that the handshakes cost the same.
const CIPHERS = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384'].join(':');
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const ALGS = [...OB_SIGNING_ALGORITHMS];
// As many connections as the product's Prisma pool (node-postgres's default of 10).
const POOL_SIZE = 10;

/**
 * The benchmark's peer: oidc-provider alone, configured as its documentation shows for the same token work as the
 * product's authorization server — client_credentials with `tls_client_auth` and `private_key_jwt`, certificate-bound
 * opaque tokens, each client read from PostgreSQL and each token written there (a minimal `pg` adapter) — behind a
 * plain node:https server that asks for the client certificate and verifies it against the same CA bundle. None of
 * Onboard's additions: no OB certificate-ownership check, rate limit, request id or route filter.
 */
export async function startPeerAuthorizationServer(options: PeerAuthorizationServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const { Provider } = await loadOidcProviderModule();
  const pool = new pg.Pool({ ...toPoolConfig(options.databaseUrl), max: POOL_SIZE });
  const { privateKey } = await generateKeyPair('PS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'peer', alg: 'PS256', use: 'sig' };

  const provider = new Provider(options.url, {
    adapter: createPeerOidcAdapter(pool),
    clientDefaults: {
      grant_types: ['client_credentials'],
      response_types: [],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: 'PS256',
      tls_client_certificate_bound_access_tokens: true,
    },
    clientAuthMethods: [...CERTIFICATE_OR_KEY_AUTH_METHODS],
    enabledJWA: { clientAuthSigningAlgValues: ALGS, idTokenSigningAlgValues: ALGS },
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: [...SERVED_SCOPES],
    responseTypes: [],
    routes: { token: '/token', jwks: '/jwks' },
    // The software JWKS is on the sandbox directory, on loopback, which oidc-provider's SSRF guard (its dispatcher)
    // refuses; the product's guarded fetch lets its configured directory host through. Fetched once a minute at most.
    fetch: (url: string | URL, init: RequestInit & { dispatcher?: unknown }) => {
      const { dispatcher: _ssrfGuard, ...rest } = init;
      return globalThis.fetch(url, rest);
    },
    ttl: { ClientCredentials: options.accessTokenTtlSeconds },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      mTLS: {
        enabled: true,
        certificateBoundAccessTokens: true,
        tlsClientAuth: true,
        getCertificate: (ctx: OidcKoaContext) => readPeerCertificate(ctx.req.socket as TLSSocket),
        certificateAuthorized: (ctx: OidcKoaContext) => (ctx.req.socket as TLSSocket).authorized,
        certificateSubjectMatches: (ctx: OidcKoaContext, property: string, expected: string) =>
          property === 'tls_client_auth_subject_dn' && isSubjectDnEqual(readPeerCertificate(ctx.req.socket as TLSSocket), expected),
      },
    },
  });
  provider.on('server_error', (_ctx: unknown, error: Error) => console.error(`[peer] server_error: ${error.name}: ${error.message}`));
  // The first refused token request says why in the peer's log (the benchmark counts the rest as errors).
  (provider as unknown as EventEmitter).once('grant.error', (_ctx: unknown, error: Error & { error_detail?: string }) => {
    const causes: string[] = [];
    for (let cause = error.cause; cause instanceof Error; cause = cause.cause) causes.push(cause.message);
    console.error(`[peer] first refused token request: ${[error.message, error.error_detail, ...causes].filter(Boolean).join(': ')}`);
  });

  const handle = provider.callback();
  const server: Server = createServer(
    {
      key: options.serverKeyPem,
      cert: options.serverCertPem,
      ca: options.caBundlePem,
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      ciphers: CIPHERS,
      honorCipherOrder: true,
    },
    (req, res) => void handle(req, res),
  );
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  const url = new URL(options.url);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(url.port || 443), '127.0.0.1', () => resolve());
  });
  return {
    url: url.origin,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await pool.end();
    },
  };
}

// oidc-provider's documented getCertificate for a Node TLS socket: the peer certificate as PEM when there is one.
function readPeerCertificate(socket: TLSSocket): string | undefined {
  const certificate = socket.getPeerCertificate();
  return certificate?.raw ? `${x509.PemConverter.encode(certificate.raw, 'CERTIFICATE')}\n` : undefined;
}

// RFC 8705 §2.1.2: the registered DN against the certificate's subject, compared as the product compares them.
function isSubjectDnEqual(certificatePem: string | undefined, registered: string): boolean {
  const expected = parseDistinguishedName(registered);
  if (certificatePem === undefined || expected === null) return false;
  try {
    return distinguishedNamesEqual(readCertificate(certificatePem).subject, expected);
  } catch {
    return false;
  }
}

// node-postgres does not know `?schema=`: it becomes the connection's search_path.
function toPoolConfig(databaseUrl: string): pg.PoolConfig {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), ...(schema ? { options: `-c search_path="${schema}"` } : {}) };
}
