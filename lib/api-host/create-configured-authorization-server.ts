import 'server-only';
import { hkdfSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createEmbeddedAuthorizationServer, type EmbeddedAuthorizationServer } from '@/lib/authorization-server/create-embedded-authorization-server';
import { getDb, getSql } from '@/lib/db';
import type { Env } from '@/lib/env';
import { loadKeySealer } from '@/lib/key-encryption/load-key-sealer';
import { createGuardedFetch } from '@/lib/keys/guarded-fetch';
import { getPolicy } from '@/lib/policy/get-policy';
import { DEFAULT_JWKS_MAX_BYTES, DEFAULT_JWKS_TIMEOUT_MS } from '@/lib/keys/jwks-source-defaults';
import { loadSigningKeys } from '@/lib/tokens/load-signing-keys';
import { openSigningKey } from '@/lib/tokens/open-signing-key';
import { createRevocationFollowUp } from '@/lib/trust-recheck/create-revocation-follow-up';
import { runTrustRecheck } from '@/lib/trust-recheck/run-trust-recheck';
import { getValidationContext } from '@/lib/validation/get-validation-context';
import { getLogger } from '@/lib/logging/logger';

/**
 * The embedded authorization server as the API host mounts it, at `MTLS_URL`: under the bank's persisted signing keys
 * (the SigningKey table: the kids published so far stay valid; the newest active key signs), fetching client JWKS
 * only from `DIRECTORY_JWKS_HOSTS` through the SSRF guard, with the request's certificate as the API host read it.
 * Keys are read, and opened with KEY_ENCRYPTION_KEY, at start-up: a rotation takes effect when the API host restarts.
 */
export async function createConfiguredAuthorizationServer(
  env: Env,
  getClientCertificate: (req: IncomingMessage) => string | null,
  getClientAddress?: (req: IncomingMessage) => string | null,
): Promise<EmbeddedAuthorizationServer> {
  // Creates the first key when there is none (two hosts starting at once agree on one).
  const { published } = await loadSigningKeys({ maxAgeMs: 0 });
  const rows = await getDb().signingKey.findMany({ where: { kid: { in: published.map((key) => key.kid) } }, select: { kid: true, privateKeyJwe: true } });
  const sealer = await loadKeySealer(env);
  // The first one signs: the active key, then those retired whose tokens may still be presented.
  const signingKeys = await Promise.all(
    published.flatMap((key) => rows.filter((row) => row.kid === key.kid)).map(async (row) => ({ kid: row.kid, privateKeyPem: await openSigningKey(row, sealer) })),
  );
  const { domains } = getValidationContext();
  return createEmbeddedAuthorizationServer({
    issuer: env.mtlsUrl,
    prisma: getDb(),
    sql: getSql(),
    signingKeys,
    getClientCertificate,
    getClientAddress,
    // The server sets no cookie (it has no interactive endpoint), but it requires keys: derived, never stored.
    cookieKeys: [deriveCookieKey(env)],
    accessTokenTtlSeconds: env.accessTokenTtlSeconds,
    registrationEndpoint: `${env.mtlsUrl}/register`,
    fetchJwks: createGuardedFetch({ allowedHosts: [...new Set(env.trustDomains.flatMap((domain) => domain.jwksHosts))], timeoutMs: DEFAULT_JWKS_TIMEOUT_MS, maxBytes: DEFAULT_JWKS_MAX_BYTES }),
    // The registrations' own fetchers and caches: a list or status read for a registration serves its token requests too.
    trustSources: {
      domains,
      // A revoked certificate at the token endpoint: that client is re-checked (and suspended if nothing is left).
      onCertificateRevoked: createRevocationFollowUp((clientId) => runTrustRecheck({ domains, clientId })),
      logStatusProblems: (line) => getLogger().warn(line),
    },
    logError: (message) => getLogger().error(message),
    // The bank's policy, as registrations read it (cached a few seconds, lib/policy/policy-cache.ts).
    readMaxClientAssertionLifetimeSeconds: async () => (await getPolicy()).maxClientAssertionLifetimeSeconds,
  });
}

function deriveCookieKey(env: Env): string {
  const secret = env.nextAuthSecret ?? env.mtlsProxySecret;
  if (!secret) throw new Error('NEXTAUTH_SECRET is required to derive the authorization server cookie key');
  return Buffer.from(hkdfSync('sha256', secret, '', 'onboard authorization server cookies', 32)).toString('base64url');
}
