import { expect, test } from '@playwright/test';
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
});

test('a directory that is down gives a clear sign-in error page', async ({ page }) => {
  await page.goto(`${E2E.unreachableDirectoryPortalUrl}/signin`);
  await page.getByRole('button', { name: 'Sign in with the Open Banking Directory' }).click();
  await expect(page).toHaveURL(/\/signin\?.*error=OAuthSignin/);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('The Open Banking Directory could not be reached');
  await expect(page.locator('body')).not.toContainText('ECONNREFUSED');
});
