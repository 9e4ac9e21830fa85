import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { beginSignIn, followToCallback, redeemCode, submitCredentials } from './testing/authorization-flow';
import { createCookieJar, type CookieJar } from './testing/cookie-jar';
import { startTestDirectory, TEST_CLIENT, type TestDirectory } from './testing/start-test-directory';

let directory: TestDirectory;

beforeAll(async () => {
  directory = await startTestDirectory();
});

afterAll(async () => {
  await directory?.dispose();
});

/** Signs in through the form (in a fresh browser unless a cookie jar is given) and returns the ID token's verified claims. */
async function signIn(email: string, password: string, jar?: CookieJar) {
  const flow = await beginSignIn(directory.url, jar);
  const callback = await followToCallback(flow, await submitCredentials(flow, email, password));
  expect(callback.searchParams.get('state')).toBe(flow.state);
  expect(callback.searchParams.get('iss')).toBe(directory.url);
  const token = await redeemCode(directory.url, callback.searchParams.get('code') ?? '', flow.codeVerifier);
  expect(token.status).toBe(200);
  const { id_token: idToken } = (await token.json()) as { id_token: string };
  const discovery = (await (await fetch(`${directory.url}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
  const { payload, protectedHeader } = await jwtVerify(idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
    issuer: directory.url,
    audience: TEST_CLIENT.clientId,
    algorithms: ['PS256'],
  });
  return { payload, protectedHeader, nonce: flow.nonce };
}

describe('discovery', () => {
  it('describes an authorization-code, PKCE S256, PS256 OpenID Provider at the configured issuer', async () => {
    const response = await fetch(`${directory.url}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: directory.url,
      authorization_endpoint: `${directory.url}/auth`,
      token_endpoint: `${directory.url}/token`,
      jwks_uri: `${directory.url}/jwks`,
      userinfo_endpoint: `${directory.url}/me`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['PS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
      scopes_supported: ['openid', 'email', 'profile'],
    });
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(['tpp_associated', 'org_id', 'org_name', 'org_roles', 'email', 'name']));
  });
});

describe('sign-in', () => {
  it('shows an accessible email and password form', async () => {
    const { loginPage } = await beginSignIn(directory.url);
    expect(loginPage).toContain('<label for="email">Email</label>');
    expect(loginPage).toContain('<label for="password">Password</label>');
    expect(loginPage).toContain('<button type="submit">Sign in</button>');
    expect(loginPage).toContain('Test portal');
  });

  it.each([
    {
      email: 'alice@acme-payments.example',
      password: 'sandbox-alice',
      name: 'Alice Adams',
      org: { org_id: '0015800001ACMEPAYS', org_name: 'Acme Payments Ltd', org_roles: ['AISP', 'PISP'] },
    },
    {
      email: 'bob@budget-buddy.example',
      password: 'sandbox-bob',
      name: 'Bob Brown',
      org: { org_id: '0015800001BUDGETBD', org_name: 'Budget Buddy Ltd', org_roles: ['AISP', 'CBPII'] },
    },
  ])('puts the organisation claims of $email in a PS256 ID token', async ({ email, password, name, org }) => {
    const { payload, protectedHeader, nonce } = await signIn(email, password);
    expect(protectedHeader.alg).toBe('PS256');
    expect(payload.nonce).toBe(nonce);
    expect(payload.tpp_associated).toBe(true);
    expect(payload.org_id).toBe(org.org_id);
    expect(payload.org_name).toBe(org.org_name);
    expect(payload.org_roles).toEqual(org.org_roles);
    expect(payload.email).toBe(email);
    expect(payload.email_verified).toBe(true);
    expect(payload.name).toBe(name);
    expect(payload.sub).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('says a user outside any TPP is not tpp_associated and gives no organisation', async () => {
    const { payload } = await signIn('carol@example.com', 'sandbox-carol');
    expect(payload.tpp_associated).toBe(false);
    expect(payload).not.toHaveProperty('org_id');
    expect(payload).not.toHaveProperty('org_name');
    expect(payload).not.toHaveProperty('org_roles');
    expect(payload.name).toBe('Carol Clark');
  });

  it('plays the bank workforce IdP too: staff carry their groups, and are not TPP users', async () => {
    const admin = await signIn('ada@onboard-bank.example', 'sandbox-ada');
    expect(admin.payload).toMatchObject({ tpp_associated: false, groups: ['onboard-admins', 'bank-staff'], name: 'Ada Admin' });
    const staff = await signIn('sam@onboard-bank.example', 'sandbox-sam');
    expect(staff.payload).toMatchObject({ tpp_associated: false, groups: ['bank-staff'] });
    expect((await signIn('carol@example.com', 'sandbox-carol')).payload).not.toHaveProperty('groups');
  });

  it('gives each user the same subject every time', async () => {
    const first = await signIn('alice@acme-payments.example', 'sandbox-alice');
    const second = await signIn('alice@acme-payments.example', 'sandbox-alice');
    expect(second.payload.sub).toBe(first.payload.sub);
  });

  it('asks for credentials again in the same browser, so that a user can switch accounts', async () => {
    const jar = createCookieJar();
    expect((await signIn('carol@example.com', 'sandbox-carol', jar)).payload.tpp_associated).toBe(false);
    const { payload } = await signIn('alice@acme-payments.example', 'sandbox-alice', jar);
    expect(payload).toMatchObject({ tpp_associated: true, org_id: '0015800001ACMEPAYS', email: 'alice@acme-payments.example' });
  });

  it.each([
    { email: 'alice@acme-payments.example', password: 'sandbox-bob' },
    { email: 'nobody@example.com', password: 'sandbox-alice' },
    { email: '', password: '' },
  ])('refuses $email with a wrong password and shows the form again', async ({ email, password }) => {
    const flow = await beginSignIn(directory.url);
    const response = await submitCredentials(flow, email, password);
    expect(response.status).toBe(401);
    expect(response.headers.get('location')).toBeNull();
    const page = await response.text();
    expect(page).toContain('<p id="signin-error" role="alert" class="error">Invalid email or password</p>');
    expect(page).toContain('<label for="email">Email</label>');
    // The same interaction still accepts the right credentials afterwards.
    const callback = await followToCallback(flow, await submitCredentials(flow, 'alice@acme-payments.example', 'sandbox-alice'));
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('escapes what it echoes back', async () => {
    const flow = await beginSignIn(directory.url);
    const page = await (await submitCredentials(flow, '"><script>alert(1)</script>', 'x')).text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
  });

  it('refuses a code redeemed without the right PKCE verifier', async () => {
    const flow = await beginSignIn(directory.url);
    const callback = await followToCallback(flow, await submitCredentials(flow, 'bob@budget-buddy.example', 'sandbox-bob'));
    const response = await redeemCode(directory.url, callback.searchParams.get('code') ?? '', 'x'.repeat(43));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('requires PKCE on every authorization request', async () => {
    const authorize = new URL('/auth', directory.url);
    authorize.search = new URLSearchParams({
      client_id: TEST_CLIENT.clientId,
      redirect_uri: TEST_CLIENT.redirectUris[0],
      response_type: 'code',
      scope: 'openid',
      state: 'abc',
    }).toString();
    const response = await fetch(authorize, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(TEST_CLIENT.redirectUris[0]);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('abc');
  });

  it('renders errors as a plain page without internals', async () => {
    const response = await fetch(`${directory.url}/auth?client_id=unknown-client&response_type=code&scope=openid`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('Something went wrong');
    expect(page).toContain('<code>invalid_client</code>');
    expect(page).not.toMatch(/at .+\.js:\d+/);
  });

  it('answers an expired or unknown interaction with an error page', async () => {
    const response = await fetch(`${directory.url}/interaction/unknown-uid`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('The sign-in session has expired or was not found.');
  });

  it('signs ID tokens with the key it publishes', async () => {
    const { protectedHeader } = await signIn('bob@budget-buddy.example', 'sandbox-bob');
    const jwks = (await (await fetch(`${directory.url}/jwks`)).json()) as { keys: Array<{ kid: string; alg?: string }> };
    expect(jwks.keys.map((key) => key.kid)).toContain(protectedHeader.kid);
    expect(jwks.keys.every((key) => !('d' in key))).toBe(true);
  });
});
