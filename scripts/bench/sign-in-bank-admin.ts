import { chromium } from '@playwright/test';

import { CHROMIUM_LAUNCH_OPTIONS } from '../../e2e/support/chromium-launch-options';
import { SANDBOX_ACCOUNTS } from '../../e2e/support/sandbox-accounts';

const SIGN_IN_TIMEOUT_MS = 60_000;

/**
 * Signs the sandbox bank admin in to the admin console exactly as a person does (Chromium, the workforce IdP's
 * login form) and answers the `Cookie` header of that session, so the admin pages can be loaded without a browser.
 */
export async function signInBankAdmin(portalUrl: string): Promise<string> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    const context = await browser.newContext({ baseURL: portalUrl });
    const page = await context.newPage();
    page.setDefaultTimeout(SIGN_IN_TIMEOUT_MS);
    await page.goto('/admin/signin');
    await page.getByRole('button', { name: "Sign in with the bank's identity provider" }).click();
    await page.getByLabel('Email').fill(SANDBOX_ACCOUNTS.bankAdmin.email);
    await page.getByLabel('Password').fill(SANDBOX_ACCOUNTS.bankAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin$/);
    const cookies = await context.cookies(portalUrl);
    return cookies.map(({ name, value }) => `${name}=${value}`).join('; ');
  } finally {
    await browser.close();
  }
}
