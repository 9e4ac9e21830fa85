import { expect, test } from './support/fixtures';
import { collectCspViolations } from './support/csp-violations';
import { E2E } from './support/e2e-environment';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';

// Issue 6 item 4: a nonce-based Content-Security-Policy that no page of the portal violates, the fixed security
// headers everywhere, and no HSTS on the plain-http sandbox portal.

const FIXED_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
};

function expectPolicyWithNonce(policy: string | undefined): string {
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? '')?.[1];
  expect(nonce, `no nonce in ${policy}`).toBeTruthy();
  expect(policy).toBe(
    `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data: blob:; ` +
      "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  );
  return nonce ?? '';
}

test('every page of a TPP user renders and hydrates under the nonce-based CSP, with the security headers', async ({ acmePage: page }) => {
  const violations = collectCspViolations(page);
  const nonces = new Set<string>();
  for (const path of ['/', '/applications', '/register', '/sandbox', '/api-docs', '/no-such-page']) {
    const response = await page.goto(path);
    const headers = response?.headers() ?? {};
    expect(headers, path).toMatchObject(FIXED_HEADERS);
    expect(headers['strict-transport-security'], `${path}: HSTS over plain http`).toBeUndefined();
    const nonce = expectPolicyWithNonce(headers['content-security-policy']);
    nonces.add(nonce);
    // Next.js put this request's nonce on every script it emitted.
    const scripts = await page.locator('script').evaluateAll((elements) => elements.map((element) => (element as HTMLScriptElement).nonce));
    expect(scripts.length, path).toBeGreaterThan(0);
    expect(new Set(scripts), path).toEqual(new Set([nonce]));
  }
  expect(nonces.size).toBe(6);

  // The scripts ran: client components call server actions and render their answers, from sandbox
  // software to a registered client's page.
  await page.goto('/sandbox');
  await page.getByRole('button', { name: 'Create a software statement' }).click();
  await expect(page.getByTestId('sandbox-software-id')).not.toBeEmpty();
  await page.getByRole('link', { name: 'Register a client with this SSA' }).click();
  await page.getByRole('button', { name: 'Check software statement' }).click();
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('link', { name: 'View the application' }).click();
  await expect(page.getByTestId('client-metadata')).toBeVisible();
  expect(violations).toEqual([]);

  // The listener hears a violation: an injected inline handler has no nonce and is refused.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<img src="/no-such-image" onerror="document.title = \'injected\'">');
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(violations[0]).toContain("script-src 'self'");
  expect(await page.title()).not.toBe('injected');
});

test("the admin console's pages run under the CSP without a violation", async ({ browser }) => {
  const context = await browser.newContext({ storageState: SANDBOX_ACCOUNTS.bankAdmin.storageState });
  const page = await context.newPage();
  const violations = collectCspViolations(page);
  for (const path of ['/admin', '/admin/review', '/admin/clients', '/admin/audit', '/admin/policy']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    expectPolicyWithNonce(response?.headers()['content-security-policy']);
  }
  // A form whose server action answers in place: hydration and the action both ran.
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByText('Policy saved.')).toBeVisible();
  // A client's page (the test above registered one).
  await page.goto('/admin/clients');
  await page.locator('main a[href^="/admin/clients/"]').first().click();
  await expect(page).toHaveURL(/\/admin\/clients\/[0-9a-f-]{36}$/);
  expect(violations).toEqual([]);
  await context.close();
});

test('the JSON API answers with nosniff, no-store and a request id, and no HSTS over http', async ({ request }) => {
  for (const path of ['/token', '/register']) {
    // To the plain listener without the terminator's secret: refused, but with the API's headers.
    const response = await request.post(`${E2E.apiPlainUrl}${path}`, { data: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status(), path).toBe(403);
    expect(response.headers()['content-type'], path).toMatch(/^application\/json/);
    expect(response.headers(), path).toMatchObject({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    expect(response.headers()['x-request-id'], path).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers()['strict-transport-security'], path).toBeUndefined();
  }
});
