import { expect, test as setup } from '@playwright/test';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';
import { signInAsBankStaff, signInThroughDirectory } from './support/sign-in-through-directory';

// Signs each TPP organisation's user in once; specs reuse the saved session.
for (const account of [SANDBOX_ACCOUNTS.acme, SANDBOX_ACCOUNTS.budgetBuddy]) {
  setup(`sign in as ${account.email}`, async ({ page }) => {
    await signInThroughDirectory(page, account);
    await expect(page).toHaveURL(/\/applications$/);
    await expect(page.getByTestId('organisation-name')).toHaveText(account.orgName);
    await page.context().storageState({ path: account.storageState });
  });
}

setup('sign in as the bank admin', async ({ page }) => {
  await signInAsBankStaff(page, SANDBOX_ACCOUNTS.bankAdmin);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Bank admin console' })).toBeVisible();
  await page.context().storageState({ path: SANDBOX_ACCOUNTS.bankAdmin.storageState });
});
