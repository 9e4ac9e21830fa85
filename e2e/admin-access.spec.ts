import { expect, test } from './support/fixtures';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';
import { signInAsBankStaff } from './support/sign-in-through-directory';

const ADMIN_PAGES = ['/admin', '/admin/review', '/admin/clients', '/admin/audit', '/admin/policy'];

test('a bank admin signs in through the workforce IdP and reaches every admin page', async ({ browser }) => {
  const context = await browser.newContext({ storageState: SANDBOX_ACCOUNTS.bankAdmin.storageState });
  const page = await context.newPage();
  for (const path of ADMIN_PAGES) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`${path}$`));
  }
  await expect(page.getByTestId('signed-in-identity')).toContainText('Ada Admin');
  await expect(page.getByTestId('signed-in-identity')).toContainText('Bank admin');
  await context.close();
});

test('bank staff without the admin role are refused and reach no admin page', async ({ page }) => {
  await signInAsBankStaff(page, SANDBOX_ACCOUNTS.bankStaff);
  await expect(page).toHaveURL(/\/admin\/refused$/);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('not in the Onboard admin group');
  for (const path of ADMIN_PAGES) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/admin/signin\\?callbackUrl=${encodeURIComponent(path)}$`));
  }
});

test('a TPP user reaches no admin page, and an admin session is no TPP session', async ({ acmePage, browser }) => {
  for (const path of ADMIN_PAGES) {
    await acmePage.goto(path);
    await expect(acmePage).toHaveURL(new RegExp(`/admin/signin\\?callbackUrl=${encodeURIComponent(path)}$`));
  }
  await expect(acmePage.getByText('You are signed in as a TPP user')).toBeVisible();

  const context = await browser.newContext({ storageState: SANDBOX_ACCOUNTS.bankAdmin.storageState });
  const adminPage = await context.newPage();
  await adminPage.goto('/applications');
  await expect(adminPage).toHaveURL(/\/signin\?callbackUrl=%2Fapplications$/);
  await context.close();
});
