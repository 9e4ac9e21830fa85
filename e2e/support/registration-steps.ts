import { expect, type Page } from '@playwright/test';

/** Pastes an SSA on the Register page and runs the first Check. */
export async function checkSoftwareStatement(page: Page, ssa: string): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('or paste it').fill(ssa);
  await page.getByRole('button', { name: 'Check software statement' }).click();
  await expect(page.getByTestId('validation-summary')).toBeVisible();
}

/** The outcome of one check in the report on the page. */
export function reportEntry(page: Page, checkId: string) {
  return page.locator(`[data-check-id="${checkId}"]`);
}
