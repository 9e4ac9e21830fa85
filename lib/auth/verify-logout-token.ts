import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { describeJoseError } from '@/lib/validation/describe-jose-error';

/** The event a logout token must carry (OIDC Back-Channel Logout 1.0 §2.4). */
const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** What a logout token is checked against: the IdP that signs it, the portal's client there, and its keys. */
export type LogoutTokenTrust = {
  issuer: string;
  clientId: string;
  /** The IdP's ID token algorithm: logout tokens are signed like ID tokens. */
  algorithms: string[];
  keys: JWTVerifyGetKey;
  now: Date;
};

/** A verified logout token: whose sessions end (every one of the subject's; `sid` is not kept by the portal). */
export type LogoutTokenResult = { ok: true; subject: string } | { ok: false; description: string };

// Logout tokens live two minutes (oidc-provider's choice); an older `iat` is a replay, whatever `exp` says.
const MAX_TOKEN_AGE_SECONDS = 5 * 60;

/**
 * Verifies an OIDC Back-Channel Logout token in the order of §2.6: signature with the IdP's key and algorithm, `typ`,
 * `iss`, `aud`, `iat`/`exp`, then the event and the absence of `nonce` (so an ID token is never taken for one).
 * The portal ends sessions by subject, so a token naming only a `sid` is refused.
 */
export async function verifyLogoutToken(logoutToken: string, trust: LogoutTokenTrust): Promise<LogoutTokenResult> {
  let payload;
  try {
    ({ payload } = await jwtVerify(logoutToken, trust.keys, {
      algorithms: trust.algorithms,
      typ: 'logout+jwt',
      issuer: trust.issuer,
      audience: trust.clientId,
      currentDate: trust.now,
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      requiredClaims: ['iat', 'exp', 'jti', 'events', 'sub'],
    }));
  } catch (error) {
    // jose reports a too old "iat" as an expiry; say which claim it was.
    if (error instanceof errors.JWTExpired && error.claim === 'iat') return { ok: false, description: `logout token "iat" is more than ${MAX_TOKEN_AGE_SECONDS} seconds in the past` };
    if (error instanceof errors.JWTClaimValidationFailed) return { ok: false, description: `logout token ${error.message}` };
    return { ok: false, description: describeJoseError(error, 'logout token').description };
  }
  const { events, sub } = payload;
  const isLogoutEvent = typeof events === 'object' && events !== null && BACKCHANNEL_LOGOUT_EVENT in events;
  if (!isLogoutEvent) return { ok: false, description: `logout token "events" must contain "${BACKCHANNEL_LOGOUT_EVENT}"` };
  if ('nonce' in payload) return { ok: false, description: 'logout token must not contain "nonce"' };
  if (typeof sub !== 'string' || sub === '') return { ok: false, description: 'logout token "sub" must be a non-empty string' };
  return { ok: true, subject: sub };
}
