import { expect, type Page } from '@playwright/test';

/** Signs in from the portal's sign-in page through the sandbox directory's login form. */
export async function signInThroughDirectory(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Sign in with the Open Banking Directory' }).click();
  await fillDirectoryLogin(page, credentials);
}

/** Signs in to the admin console through the bank's workforce IdP (the sandbox directory plays it). */
export async function signInAsBankStaff(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.goto('/admin/signin');
  await page.getByRole('button', { name: "Sign in with the bank's identity provider" }).click();
  await fillDirectoryLogin(page, credentials);
}

async function fillDirectoryLogin(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await expect(page.getByLabel('Email')).toBeVisible();
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
