import { randomUUID } from 'node:crypto';
import { ORG_IDS, expect, test } from './support/fixtures';
import { E2E } from './support/e2e-environment';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';
import { signInAsBankStaff, signInThroughDirectory } from './support/sign-in-through-directory';

test.describe('TPP sign-in through the directory', () => {
  test('a TPP user lands on My applications showing their organisation', async ({ page }) => {
    await signInThroughDirectory(page, SANDBOX_ACCOUNTS.budgetBuddy);
    await expect(page).toHaveURL(/\/applications$/);
    await expect(page.getByRole('heading', { level: 1, name: 'My applications' })).toBeVisible();
    await expect(page.getByTestId('organisation-name')).toHaveText('Budget Buddy Ltd');
    await expect(page.getByTestId('signed-in-identity')).toContainText('Bob Brown');
    await expect(page.getByTestId('signed-in-identity')).toContainText('Budget Buddy Ltd');
  });

  test('a user whose token lacks tpp_associated: true is refused and says why', async ({ page }) => {
    await signInThroughDirectory(page, SANDBOX_ACCOUNTS.nonTpp);
    await expect(page).toHaveURL(/\/auth\/refused\?reason=not_tpp_associated$/);
    await expect(page.getByRole('main').getByRole('alert')).toContainText('not associated with a third-party provider');
    await page.goto('/applications');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fapplications$/);
  });

  test('a wrong password is refused by the directory', async ({ page }) => {
    await signInThroughDirectory(page, { email: SANDBOX_ACCOUNTS.acme.email, password: 'not-the-password' });
    await expect(page.getByText('Invalid email or password')).toBeVisible();
  });

  test('signed-out visitors are sent to sign-in from every TPP page', async ({ page }) => {
    for (const path of ['/applications', '/register']) {
      await page.goto(path);
      await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(path)}$`));
    }
  });

  test('sign-out ends the session on the server: a copy of the old cookie opens nothing', async ({ browser }) => {
    // A session of its own, not the shared storage state: ending it must not sign the other specs out.
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughDirectory(page, SANDBOX_ACCOUNTS.acme);
    await expect(page.getByTestId('organisation-name')).toHaveText('Acme Payments Ltd');
    const savedCookies = await context.cookies(E2E.portalUrl);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await page.goto('/applications');
    await expect(page).toHaveURL(/\/signin/);
    await context.close();

    const replay = await browser.newContext();
    await replay.addCookies(savedCookies);
    const replayPage = await replay.newPage();
    await replayPage.goto('/applications');
    await expect(replayPage).toHaveURL(/\/signin\?callbackUrl=%2Fapplications$/);
    await replay.close();
  });

  test("an admin's sign-out ends the session on the server too", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAsBankStaff(page, SANDBOX_ACCOUNTS.bankAdmin);
    await expect(page).toHaveURL(/\/admin$/);
    const savedCookies = await context.cookies(E2E.portalUrl);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await context.close();

    const replay = await browser.newContext();
    await replay.addCookies(savedCookies);
    const replayPage = await replay.newPage();
    await replayPage.goto('/admin');
    await expect(replayPage).toHaveURL(/\/admin\/signin\?callbackUrl=%2Fadmin$/);
    await replay.close();
  });

  // Issue 15: browsers read "/\host" (and "/<tab>/host") as "//host"; a callbackUrl like that left the portal.
  for (const callbackUrl of ['/%5Cevil.example', '/%09/evil.example', '/%5C%5Cevil.example/applications']) {
    test(`a signed-in user following /signin?callbackUrl=${callbackUrl} stays on the portal`, async ({ acmePage }) => {
      // Sent away, the browser would fail on evil.example's name (net::ERR_NAME_NOT_RESOLVED), as it did before the fix.
      await acmePage.goto(`/signin?callbackUrl=${callbackUrl}`);
      expect(new URL(acmePage.url()).origin).toBe(E2E.portalUrl);
      await expect(acmePage).toHaveURL(`${E2E.portalUrl}/applications`);
    });
  }
});

test('removing a user from their organisation at the directory ends their portal sessions', async ({ browser, request }) => {
  // A user of their own, created for this test: removing a shared sandbox account would sign the other specs out.
  const credentials = { email: `dora-${randomUUID()}@acme-payments.example`, password: 'sandbox-dora', name: 'Dora Dev' };
  const created = await request.post(`${E2E.sandboxDirectoryUrl}/api/organisations/${ORG_IDS.acme}/users`, { data: credentials });
  expect(created.status()).toBe(201);
  const { sub } = (await created.json()) as { sub: string };

  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughDirectory(page, credentials);
  await expect(page.getByTestId('organisation-name')).toHaveText('Acme Payments Ltd');

  const removed = await request.delete(`${E2E.sandboxDirectoryUrl}/api/organisations/${ORG_IDS.acme}/users/${sub}`);
  expect(removed.status()).toBe(200);

  await page.goto('/applications');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fapplications$/);
  await context.close();
});

test('a directory that is down gives a clear sign-in error page', async ({ page }) => {
  await page.goto(`${E2E.unreachableDirectoryPortalUrl}/signin`);
  await page.getByRole('button', { name: 'Sign in with the Open Banking Directory' }).click();
  await expect(page).toHaveURL(/\/signin\?.*error=OAuthSignin/);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('The Open Banking Directory could not be reached');
  await expect(page.locator('body')).not.toContainText('ECONNREFUSED');
});
