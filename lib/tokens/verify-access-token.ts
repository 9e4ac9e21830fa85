import 'server-only';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { describeJoseError } from '@/lib/validation/describe-jose-error';
import { hashAccessToken } from './hash-access-token';
import { listPublishedKeys } from './list-published-keys';
import { loadSigningKeys } from './load-signing-keys';
import { ACCESS_TOKEN_TYP, BANK_SIGNING_ALG } from './token-policy';

/** The outcome of `verifyAccessToken`: the token's record, or a fixed description that never echoes the token. */
export type VerifyAccessTokenResult =
  | { status: 'valid'; token: { id: string; clientDbId: string; clientId: string; scope: string } }
  | { status: 'invalid'; description: string };

// Fixed descriptions (DESIGN errors): they say what failed, never which detail, and never echo the token.
const INVALID = { status: 'invalid', description: 'access token is invalid, expired or revoked' } as const;
const NOT_BOUND = { status: 'invalid', description: 'access token is not bound to the presented certificate' } as const;

/**
 * Verifies a bearer access token for the mTLS API: its PS256 signature by a published bank key, `typ`,
 * `iss`, `aud` and `exp`; then its record (issued here, not revoked, not expired, its client neither
 * deleted nor inactive); then its RFC 8705 binding: the presented certificate's `x5t#S256` must equal
 * the token's `cnf` and the recorded thumbprint (no certificate, no access).
 */
export async function verifyAccessToken(
  token: string,
  presentedCertificatePem: string | null,
  now: Date = new Date(),
): Promise<VerifyAccessTokenResult> {
  const env = getEnv();
  const kid = readKid(token);
  if (kid === null) return INVALID;
  // A kid this process has not seen may be a key another process just created: read the keys again.
  if (!(await loadSigningKeys()).published.some((key) => key.kid === kid)) await loadSigningKeys({ maxAgeMs: 0 });
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet({ keys: await listPublishedKeys(now) }), {
      algorithms: [BANK_SIGNING_ALG],
      typ: ACCESS_TOKEN_TYP,
      issuer: env.portalUrl,
      audience: env.mtlsUrl,
      requiredClaims: ['exp', 'jti', 'sub'],
      currentDate: now,
    }));
  } catch (error) {
    // Rethrows anything that is not a verdict on the token; every verdict reads the same.
    describeJoseError(error, 'access token');
    return INVALID;
  }
  const clientId = payload.client_id;
  const boundThumbprint = readBoundThumbprint(payload);
  if (typeof clientId !== 'string' || payload.sub !== clientId || typeof payload.scope !== 'string' || boundThumbprint === null) return INVALID;

  const record = await getDb().accessToken.findUnique({
    where: { tokenHash: hashAccessToken(token) },
    include: { client: { select: { clientId: true, status: true, deletedAt: true } } },
  });
  if (
    record === null ||
    record.revokedAt !== null ||
    record.expiresAt.getTime() <= now.getTime() ||
    record.client.clientId !== clientId ||
    record.client.deletedAt !== null ||
    // OB-RULES token endpoint: only active clients hold tokens; suspending or revoking one ends its access at once.
    record.client.status !== 'active'
  ) {
    return INVALID;
  }

  // RFC 8705 §3: the token is good only over a connection authenticated with the certificate it is bound to.
  const presentedThumbprint = readThumbprint(presentedCertificatePem);
  if (presentedThumbprint === null || presentedThumbprint !== boundThumbprint || presentedThumbprint !== record.certificateThumbprint) {
    return NOT_BOUND;
  }
  return { status: 'valid', token: { id: record.id, clientDbId: record.clientId, clientId, scope: record.scope } };
}

function readKid(token: string): string | null {
  try {
    const { kid } = decodeProtectedHeader(token);
    return typeof kid === 'string' && kid !== '' ? kid : null;
  } catch {
    // jose throws a plain TypeError, not a coded error, for a header that is not JSON: not a JWT either way.
    return null;
  }
}

function readBoundThumbprint(payload: JWTPayload): string | null {
  const cnf = payload.cnf;
  if (cnf === null || typeof cnf !== 'object' || Array.isArray(cnf)) return null;
  const thumbprint = (cnf as Record<string, unknown>)['x5t#S256'];
  return typeof thumbprint === 'string' && thumbprint !== '' ? thumbprint : null;
}

function readThumbprint(pem: string | null): string | null {
  if (pem === null) return null;
  try {
    return readCertificate(pem).thumbprintS256;
  } catch {
    // The terminator verified the certificate; one that does not parse here binds nothing.
    return null;
  }
}
