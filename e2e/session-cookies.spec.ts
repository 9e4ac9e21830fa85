import { expect, test } from '@playwright/test';
import { collectCspViolations } from './support/csp-violations';
import { E2E } from './support/e2e-environment';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';

// Issue 6 item 4: next-auth's cookies are HttpOnly and SameSite=Lax, and Secure only when PORTAL_URL is https
// (lib/auth/build-auth-cookies.test.ts proves that half; the e2e portal is plain http).

const SIGN_IN_FLOW_COOKIES = ['next-auth.callback-url', 'next-auth.csrf-token', 'next-auth.nonce', 'next-auth.pkce.code_verifier', 'next-auth.state'];

test('the session and sign-in flow cookies are HttpOnly and SameSite=Lax, and not Secure over plain http', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = collectCspViolations(page);
  // Cookies are scoped by host, not port: the sandbox directory's own (on localhost too) are not next-auth's.
  const portalCookies = async () => (await context.cookies(E2E.portalUrl)).filter((cookie) => cookie.name.startsWith('next-auth.'));

  await page.goto('/signin');
  await page.getByRole('button', { name: 'Sign in with the Open Banking Directory' }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
  // At the directory's login form: PKCE verifier, state and nonce wait for the callback.
  const duringSignIn = await portalCookies();
  expect(duringSignIn.map((cookie) => cookie.name).sort()).toEqual(SIGN_IN_FLOW_COOKIES);

  await page.getByLabel('Email').fill(SANDBOX_ACCOUNTS.acme.email);
  await page.getByLabel('Password').fill(SANDBOX_ACCOUNTS.acme.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/applications$/);
  const signedIn = await portalCookies();
  expect(signedIn.map((cookie) => cookie.name)).toContain('next-auth.session-token');

  for (const cookie of [...duringSignIn, ...signedIn]) {
    expect({ name: cookie.name, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, secure: cookie.secure, path: cookie.path }).toEqual({
      name: cookie.name,
      httpOnly: true,
      sameSite: 'Lax',
      secure: false,
      path: '/',
    });
  }
  // HttpOnly in fact: the page's scripts see none of them.
  expect(await page.evaluate(() => document.cookie)).not.toContain('next-auth.');
  expect(violations).toEqual([]);
  await context.close();
});

// The session says when it ends as the server ends it: an admin's after 1 hour, a TPP user's after 8 (next-auth said
// 8 hours for both, the cookie's renewal).
test('a session says when it ends: an admin’s 1 hour after sign-in, a TPP user’s 8 hours', async ({ playwright }) => {
  const HOUR_MS = 60 * 60 * 1000;
  const endsIn = async (storageState: string) => {
    const api = await playwright.request.newContext({ baseURL: E2E.portalUrl, storageState });
    const session = (await (await api.get('/api/auth/session')).json()) as { expires?: string };
    await api.dispose();
    return Date.parse(session.expires ?? '') - Date.now();
  };
  // Signed in by the setup project, minutes ago at most.
  const admin = await endsIn(SANDBOX_ACCOUNTS.bankAdmin.storageState);
  expect(admin).toBeLessThanOrEqual(HOUR_MS);
  expect(admin).toBeGreaterThan(0.5 * HOUR_MS);
  const tpp = await endsIn(SANDBOX_ACCOUNTS.acme.storageState);
  expect(tpp).toBeLessThanOrEqual(8 * HOUR_MS);
  expect(tpp).toBeGreaterThan(7.5 * HOUR_MS);
});
