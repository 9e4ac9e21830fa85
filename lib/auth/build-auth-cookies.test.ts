import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAuthCookies } from './build-auth-cookies';

const NAMES = ['sessionToken', 'callbackUrl', 'csrfToken', 'pkceCodeVerifier', 'state', 'nonce'] as const;

describe('buildAuthCookies', () => {
  it('makes every cookie Secure, HttpOnly and SameSite=Lax, with __Secure-/__Host- names, for an https portal', () => {
    const cookies = buildAuthCookies('https://developer.bank.example');
    expect(Object.keys(cookies).sort()).toEqual([...NAMES].sort());
    expect(Object.fromEntries(NAMES.map((key) => [key, cookies[key].name]))).toEqual({
      sessionToken: '__Secure-next-auth.session-token',
      callbackUrl: '__Secure-next-auth.callback-url',
      csrfToken: '__Host-next-auth.csrf-token',
      pkceCodeVerifier: '__Secure-next-auth.pkce.code_verifier',
      state: '__Secure-next-auth.state',
      nonce: '__Secure-next-auth.nonce',
    });
    for (const key of NAMES) {
      expect(cookies[key].options, key).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/', secure: true });
      // __Host- (RFC 6265bis §4.1.3.2): Secure, Path=/ and no Domain, or the browser drops the cookie.
      expect(cookies[key].options.domain, key).toBeUndefined();
    }
  });

  it('drops Secure and the prefixes on a plain-http portal (a browser would refuse them there), keeping HttpOnly and Lax', () => {
    const cookies = buildAuthCookies('http://localhost:3000');
    for (const key of NAMES) {
      expect(cookies[key].name, key).toMatch(/^next-auth\./);
      expect(cookies[key].options, key).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/', secure: false });
    }
  });

  it('bounds the sign-in round trip cookies to 15 minutes and leaves the session cookie to the session', () => {
    const cookies = buildAuthCookies('https://developer.bank.example');
    expect([cookies.pkceCodeVerifier, cookies.state, cookies.nonce].map((cookie) => cookie.options.maxAge)).toEqual([900, 900, 900]);
    expect(cookies.sessionToken.options.maxAge).toBeUndefined();
  });
});

describe('buildAuthOptions cookies', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it.each([
    ['https://developer.bank.example', true, '__Secure-next-auth.session-token'],
    ['http://localhost:3000', false, 'next-auth.session-token'],
  ])('follows PORTAL_URL %s', async (portalUrl, isSecure, sessionCookie) => {
    vi.stubEnv('PORTAL_URL', portalUrl);
    vi.resetModules();
    const { buildAuthOptions } = await import('./options');
    const options = buildAuthOptions();
    expect(options.useSecureCookies).toBe(isSecure);
    expect(options.cookies?.sessionToken?.name).toBe(sessionCookie);
    expect(options.cookies?.csrfToken?.options).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: isSecure });
  });
});
