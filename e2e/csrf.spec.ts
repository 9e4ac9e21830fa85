import type { APIRequestContext, Page, Request } from '@playwright/test';
import { E2E } from './support/e2e-environment';
import { expect, ORG_IDS, test } from './support/fixtures';
import { checkSoftwareStatement } from './support/registration-steps';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';
import { signInThroughDirectory } from './support/sign-in-through-directory';
import { recordObservedSecret } from './support/server-logs';

// Issue 6 item 4: cross-site request forgery. The portal refuses a server action whose Origin is not PORTAL_URL's
// with a 403 (proxy.ts; Next.js's own check answered 500, issue 15); next-auth's own POST endpoints need its
// double-submit CSRF token.

const FOREIGN_ORIGIN = 'https://attacker.example';

async function signedInRequestContext(playwright: { request: { newContext: (options: object) => Promise<APIRequestContext> } }) {
  return playwright.request.newContext({ baseURL: E2E.portalUrl, storageState: SANDBOX_ACCOUNTS.acme.storageState });
}

async function maskedSecretTail(page: Page): Promise<string> {
  await page.reload();
  const metadata = (await page.getByTestId('client-metadata').textContent()) ?? '';
  return /••••••••(\S{4})/.exec(metadata)?.[1] ?? '';
}

test('a server action replayed from a foreign Origin is refused and changes nothing; from the portal itself it runs', async ({ acmePage: page, createSoftware, playwright }) => {
  const software = await createSoftware(ORG_IDS.acme);
  await checkSoftwareStatement(page, software.ssa);
  await page.getByLabel(/client_secret_basic/).check();
  await page.getByRole('button', { name: 'Register' }).click();
  recordObservedSecret('client secret shown at registration', (await page.getByTestId('registered-client-secret').textContent()) ?? '');
  const clientId = (await page.getByTestId('registered-client-id').textContent()) ?? '';
  await page.goto(`/applications/${clientId}`);

  // A real submission of the Rotate secret form, as the browser sends it.
  const actionRequest = page.waitForRequest((request: Request) => request.method() === 'POST' && request.headers()['next-action'] !== undefined);
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  const captured = await actionRequest;
  const rotated = (await page.getByTestId('rotated-client-secret').textContent()) ?? '';
  recordObservedSecret('client secret shown on rotation', rotated);
  const sent = await captured.allHeaders();
  expect(sent.origin).toBe(E2E.portalUrl);
  expect(await maskedSecretTail(page)).toBe(rotated.slice(-4));

  const api = await signedInRequestContext(playwright);
  const replay = (origin: string) =>
    api.post(captured.url(), {
      headers: { origin, accept: sent.accept ?? 'text/x-component', 'content-type': sent['content-type'] ?? '', 'next-action': sent['next-action'] ?? '', 'next-router-state-tree': sent['next-router-state-tree'] ?? '' },
      data: captured.postDataBuffer() ?? Buffer.alloc(0),
      maxRedirects: 0,
    });

  const forged = await replay(FOREIGN_ORIGIN);
  expect(forged.status()).toBe(403);
  expect(await forged.text()).not.toMatch(/"secret"/);
  expect(await maskedSecretTail(page), 'the forged request rotated the secret').toBe(rotated.slice(-4));

  // The same bytes from the portal's own origin do run: the refusal above was the Origin check, not a bad replay.
  const genuine = await replay(E2E.portalUrl);
  expect(genuine.status()).toBe(200);
  const tail = await maskedSecretTail(page);
  expect(tail).toMatch(/^\S{4}$/);
  expect(tail).not.toBe(rotated.slice(-4));
  await api.dispose();
});

test("next-auth's sign-in and sign-out POSTs need its CSRF token; with it, sign-out works", async ({ browser }) => {
  // A session of its own: sign-out ends a session on the server, and the shared storage state must stay signed in.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughDirectory(page, SANDBOX_ACCOUNTS.acme);
  await expect(page).toHaveURL(/\/applications$/);
  const api = context.request;
  const session = async () => ((await (await api.get('/api/auth/session')).json()) as { user?: { email?: string } }).user?.email;
  expect(await session()).toBe(SANDBOX_ACCOUNTS.acme.email);

  for (const [path, form] of [
    ['/api/auth/signout', { callbackUrl: `${E2E.portalUrl}/` }],
    ['/api/auth/signout', { callbackUrl: `${E2E.portalUrl}/`, csrfToken: 'forged-token' }],
    ['/api/auth/signin/directory', { callbackUrl: `${E2E.portalUrl}/applications` }],
  ] as const) {
    const refused = await api.post(path, { form, headers: { origin: FOREIGN_ORIGIN }, maxRedirects: 0 });
    expect(refused.status(), path).toBe(302);
    expect(refused.headers().location, path).toMatch(/[?&]csrf=true$/);
    expect(await session(), `${path} without a valid CSRF token`).toBe(SANDBOX_ACCOUNTS.acme.email);
  }

  const { csrfToken } = (await (await api.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const signedOut = await api.post('/api/auth/signout', { form: { csrfToken, callbackUrl: `${E2E.portalUrl}/` }, maxRedirects: 0 });
  expect(signedOut.status()).toBe(302);
  expect(await session()).toBeUndefined();
  await context.close();
});
