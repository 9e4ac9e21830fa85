import { expect, test } from './support/fixtures';
import { E2E } from './support/e2e-environment';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';
import { signInThroughDirectory } from './support/sign-in-through-directory';

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

  test('sign-out ends the portal session', async ({ browser }) => {
    const context = await browser.newContext({ storageState: SANDBOX_ACCOUNTS.acme.storageState });
    const page = await context.newPage();
    await page.goto('/applications');
    await expect(page.getByTestId('organisation-name')).toHaveText('Acme Payments Ltd');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await page.goto('/applications');
    await expect(page).toHaveURL(/\/signin/);
    await context.close();
  });

  // Issue 15: browsers read "/\host" (and "/<tab>/host") as "//host"; a callbackUrl like that left the portal.
  for (const callbackUrl of ['/%5Cevil.example', '/%09/evil.example', '/%5C%5Cevil.example/applications']) {
    test(`a signed-in user following /signin?callbackUrl=${callbackUrl} stays on the portal`, async ({ acmePage }) => {
      // Should the portal send the browser away, this host answers instead of a DNS failure, and the URL shows it.
      await acmePage.route(/evil\.example/, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>evil</h1>' }));
      await acmePage.goto(`/signin?callbackUrl=${callbackUrl}`);
      expect(new URL(acmePage.url()).origin).toBe(E2E.portalUrl);
      await expect(acmePage).toHaveURL(/\/applications$/);
    });
  }
});

test('a directory that is down gives a clear sign-in error page', async ({ page }) => {
  await page.goto(`${E2E.unreachableDirectoryPortalUrl}/signin`);
  await page.getByRole('button', { name: 'Sign in with the Open Banking Directory' }).click();
  await expect(page).toHaveURL(/\/signin\?.*error=OAuthSignin/);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('The Open Banking Directory could not be reached');
  await expect(page.locator('body')).not.toContainText('ECONNREFUSED');
});
