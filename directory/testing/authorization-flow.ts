import { createHash, randomBytes } from 'node:crypto';

import { expect } from 'vitest';

import { createCookieJar, type CookieJar } from './cookie-jar';
import { TEST_CLIENT } from './start-test-directory';

/** An authorization request that has reached the directory's sign-in page. */
export type PendingSignIn = {
  baseUrl: string;
  jar: CookieJar;
  /** Absolute URL of the sign-in page (`/interaction/<uid>`). */
  loginUrl: string;
  loginPage: string;
  codeVerifier: string;
  state: string;
  nonce: string;
};

/** Follows one redirect-free request with the jar's cookies. */
export async function browse(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: jar.header() } });
  jar.store(response);
  return response;
}

/** Starts an authorization-code + PKCE request as the portal would, and opens the sign-in page. */
export async function beginSignIn(baseUrl: string, jar: CookieJar = createCookieJar()): Promise<PendingSignIn> {
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const authorize = new URL('/auth', baseUrl);
  authorize.search = new URLSearchParams({
    client_id: TEST_CLIENT.clientId,
    redirect_uri: TEST_CLIENT.redirectUris[0],
    response_type: 'code',
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const started = await browse(jar, authorize.href);
  expect(started.status).toBe(303);
  const loginUrl = new URL(started.headers.get('location') ?? '', baseUrl).href;
  expect(new URL(loginUrl).pathname).toMatch(/^\/interaction\/[A-Za-z0-9_-]+$/);
  const login = await browse(jar, loginUrl);
  expect(login.status).toBe(200);
  return { baseUrl, jar, loginUrl, loginPage: await login.text(), codeVerifier, state, nonce };
}

/** Posts the sign-in form. */
export function submitCredentials(flow: PendingSignIn, email: string, password: string): Promise<Response> {
  return browse(flow.jar, `${flow.loginUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
  });
}

/**
 * Follows the redirects after a successful sign-in up to the client's redirect URI and returns that URL.
 * Submits oidc-provider's self-posting forms as a browser's script would (it ends the previous account's
 * session that way when a different user signs in).
 */
export async function followToCallback(flow: PendingSignIn, signedIn: Response): Promise<URL> {
  let response = signedIn;
  for (let hop = 0; hop < 8; hop += 1) {
    if (response.status === 200) {
      response = await submitSelfPostingForm(flow.jar, await response.text());
      continue;
    }
    expect([302, 303]).toContain(response.status);
    const location = new URL(response.headers.get('location') ?? '', flow.baseUrl);
    if (location.href.startsWith(TEST_CLIENT.redirectUris[0])) {
      return location;
    }
    response = await browse(flow.jar, location.href);
  }
  throw new Error('the sign-in never reached the redirect URI');
}

/** Redeems an authorization code at the token endpoint with client_secret_basic and the PKCE verifier. */
export async function redeemCode(baseUrl: string, code: string, codeVerifier: string): Promise<Response> {
  const credentials = `${encodeURIComponent(TEST_CLIENT.clientId)}:${encodeURIComponent(TEST_CLIENT.clientSecret)}`;
  return fetch(new URL('/token', baseUrl), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_CLIENT.redirectUris[0],
      code_verifier: codeVerifier,
    }).toString(),
  });
}

async function submitSelfPostingForm(jar: CookieJar, page: string): Promise<Response> {
  const action = /<form method="post" action="([^"]+)">/.exec(page)?.[1];
  expect(action, 'expected a self-posting form').toBeDefined();
  const fields = [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map(([, name = '', value = '']) => [name, value]);
  return browse(jar, action ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}
