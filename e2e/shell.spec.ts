import { expect, test } from '@playwright/test';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';

test('the landing page explains both ways to register and the navigation reaches every section', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Register manually, in this portal' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Register dynamically, over the API' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const [label, heading] of [
    ['Sandbox', 'Sandbox'],
    ['API', 'Dynamic client registration API'],
    ['Admin', 'Bank admin sign-in'],
  ] as const) {
    await nav.getByRole('link', { name: label }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(nav.getByRole('link', { name: label })).toHaveAttribute('aria-current', 'page');
  }
});

test('the Sandbox page shows the sandbox directory credentials', async ({ page }) => {
  await page.goto('/sandbox');
  for (const account of Object.values(SANDBOX_ACCOUNTS)) {
    const row = page.getByRole('row').filter({ hasText: account.email });
    await expect(row).toContainText(account.password);
  }
  await expect(page.getByRole('row').filter({ hasText: SANDBOX_ACCOUNTS.nonTpp.email })).toContainText('not a TPP user');
});
