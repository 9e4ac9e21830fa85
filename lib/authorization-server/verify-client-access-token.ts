import 'server-only';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { createPrismaOidcAdapter, type OidcAdapterDb } from './create-prisma-oidc-adapter';

/** The outcome of `verifyClientAccessToken`: whose token it is, or a fixed description that never echoes the token. */
export type ClientAccessTokenResult = { status: 'valid'; clientId: string; scope: string } | { status: 'invalid'; description: string };

// oidc-provider's model of the tokens the client-credentials grant issues.
const TOKEN_KIND = 'ClientCredentials';
// Fixed descriptions (DESIGN errors): they say what failed, never which detail, and never echo the token.
const INVALID = { status: 'invalid', description: 'access token is invalid, expired or revoked' } as const;
const NOT_BOUND = { status: 'invalid', description: 'access token is not bound to the presented certificate' } as const;

/**
 * Verifies a bearer token of the embedded authorization server for the RFC 7592 endpoints: it must be stored (tokens
 * are opaque; a deprovisioned client's tokens are deleted with it), unexpired, and bound to the presented certificate
 * (RFC 8705 §3: no certificate, no access).
 */
export async function verifyClientAccessToken(db: OidcAdapterDb, token: string, certificatePem: string | null, now = new Date()): Promise<ClientAccessTokenResult> {
  const payload = await createPrismaOidcAdapter(db, { now: () => now })(TOKEN_KIND).find(token);
  if (!payload || typeof payload.clientId !== 'string' || typeof payload.exp !== 'number' || payload.exp * 1000 <= now.getTime()) return INVALID;
  const bound = payload['x5t#S256'];
  if (typeof bound !== 'string' || certificatePem === null || thumbprintOf(certificatePem) !== bound) return NOT_BOUND;
  return { status: 'valid', clientId: payload.clientId, scope: typeof payload.scope === 'string' ? payload.scope : '' };
}

/** Revokes a token of the embedded authorization server (RFC 7592: presented for an unknown client). Idempotent. */
export async function revokeClientAccessToken(db: OidcAdapterDb, token: string): Promise<void> {
  await createPrismaOidcAdapter(db)(TOKEN_KIND).destroy(token);
}

function thumbprintOf(certificatePem: string): string | null {
  try {
    return readCertificate(certificatePem).thumbprintS256;
  } catch {
    return null;
  }
}
