import type { CookiesOptions } from 'next-auth';

// The sign-in round trip through the IdP (PKCE verifier, state, nonce) must finish within this.
const SIGN_IN_FLOW_MAX_AGE_SECONDS = 15 * 60;

/**
 * next-auth's cookies, stated rather than inherited: every one HttpOnly (no script reads a session, CSRF
 * token or PKCE verifier) and SameSite=Lax (sent on the IdP's top-level redirect back to the callback,
 * never on a cross-site POST). With an https PORTAL_URL they are Secure and prefixed `__Secure-`, and the
 * CSRF cookie `__Host-` (RFC 6265bis §4.1.3: bound to this exact host).
 */
export function buildAuthCookies(portalUrl: string): CookiesOptions {
  const isSecure = new URL(portalUrl).protocol === 'https:';
  const prefix = isSecure ? '__Secure-' : '';
  const options = { httpOnly: true, sameSite: 'lax', path: '/', secure: isSecure } as const;
  const signInFlow = { ...options, maxAge: SIGN_IN_FLOW_MAX_AGE_SECONDS };
  return {
    sessionToken: { name: `${prefix}next-auth.session-token`, options },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options },
    csrfToken: { name: `${isSecure ? '__Host-' : ''}next-auth.csrf-token`, options },
    pkceCodeVerifier: { name: `${prefix}next-auth.pkce.code_verifier`, options: signInFlow },
    state: { name: `${prefix}next-auth.state`, options: signInFlow },
    nonce: { name: `${prefix}next-auth.nonce`, options: signInFlow },
  };
}
