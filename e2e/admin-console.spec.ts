import type { Browser, Page } from '@playwright/test';
import { expect, ORG_IDS, test } from './support/fixtures';
import { checkSoftwareStatement } from './support/registration-steps';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';
import { createSoftwareBundle, TppSoftware } from './support/tpp-software';

// The bank governs access: policy, review, decisions the TPP can read, and their effect on tokens.

async function openAdmin(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: SANDBOX_ACCOUNTS.bankAdmin.storageState });
  return context.newPage();
}

async function setDcrSandboxStatus(admin: Page, status: 'active' | 'pending'): Promise<void> {
  await admin.goto('/admin/policy');
  await admin.getByLabel('Dynamic (API), sandbox').selectOption(status);
  await admin.getByRole('button', { name: 'Save policy' }).click();
  await expect(admin.getByText('Policy saved.')).toBeVisible();
}

async function setAuthMethodAllowed(admin: Page, method: string, allowed: boolean): Promise<void> {
  await admin.goto('/admin/policy');
  await admin.getByRole('checkbox', { name: new RegExp(`^${method} `) }).setChecked(allowed);
  await admin.getByRole('button', { name: 'Save policy' }).click();
  await expect(admin.getByText('Policy saved.')).toBeVisible();
}

async function registerOverDcr(software: TppSoftware): Promise<string> {
  const response = await software.register(await software.sign(software.registrationClaims()));
  expect(response.status, response.text).toBe(201);
  return String((response.body as { client_id: string }).client_id);
}

async function decide(admin: Page, path: string, button: string, reason: string): Promise<void> {
  await admin.goto(path);
  const form = admin.locator('form').filter({ has: admin.getByRole('button', { name: button }) });
  await form.getByLabel('Reason (shown to the TPP)').fill(reason);
  await form.getByRole('button', { name: button }).click();
  await expect(admin.getByTestId('decision-outcome')).not.toBeEmpty();
}

test.describe.serial('admin decisions', () => {
  test('the manual registration form offers only the methods the policy allows', async ({ browser, acmePage, createSoftware }) => {
    const admin = await openAdmin(browser);
    await setAuthMethodAllowed(admin, 'client_secret_basic', false);
    try {
      const software = await createSoftware(ORG_IDS.acme);
      await checkSoftwareStatement(acmePage, software.ssa);
      const methods = acmePage.getByRole('group', { name: 'Token endpoint authentication' }).getByRole('radio');
      await expect(methods).toHaveCount(2);
      await expect(acmePage.getByRole('radio', { name: /^private_key_jwt / })).toBeChecked();
      await expect(acmePage.getByRole('radio', { name: /^tls_client_auth / })).toBeVisible();
      await expect(acmePage.getByRole('radio', { name: /client_secret_basic/ })).toHaveCount(0);
    } finally {
      await setAuthMethodAllowed(admin, 'client_secret_basic', true);
      await admin.context().close();
    }
  });

  test('pending clients are approved or rejected with a reason the TPP sees, and tokens follow', async ({ browser, acmePage }) => {
    const admin = await openAdmin(browser);
    await setDcrSandboxStatus(admin, 'pending');
    try {
      const software = new TppSoftware(await createSoftwareBundle(ORG_IDS.acme, { client_name: 'Acme Pending App' }));
      const approvedId = await registerOverDcr(software);
      const rejectedId = await registerOverDcr(software);
      const refused = await software.token(approvedId);
      expect({ status: refused.status, body: refused.body }).toEqual({ status: 401, body: { error: 'invalid_client', error_description: 'client authentication failed' } });

      await admin.goto('/admin/review');
      await expect(admin.getByRole('link', { name: /Acme Pending App/ })).toHaveCount(2);
      await decide(admin, `/admin/review/${approvedId}`, 'Approve client', 'Checked the software and its redirect URIs');
      await decide(admin, `/admin/review/${rejectedId}`, 'Reject client', 'Duplicate registration of the same software');

      expect((await software.token(approvedId)).status).toBe(200);
      const rejected = await software.token(rejectedId);
      expect(rejected.status).toBe(401);

      await acmePage.goto(`/applications/${approvedId}`);
      await expect(acmePage.getByRole('main')).toContainText("Active since the bank's decision");
      await expect(acmePage.getByRole('main')).toContainText('Reason given by the bank: Checked the software and its redirect URIs');
      await acmePage.goto(`/applications/${rejectedId}`);
      await expect(acmePage.getByRole('main')).toContainText('Rejected by the bank');
      await expect(acmePage.getByRole('main')).toContainText('Reason given by the bank: Duplicate registration of the same software');
    } finally {
      await setDcrSandboxStatus(admin, 'active');
      await admin.context().close();
    }
  });

  test("a suspended client's token request is refused until it is reactivated", async ({ browser }) => {
    const admin = await openAdmin(browser);
    const software = new TppSoftware(await createSoftwareBundle(ORG_IDS.budgetBuddy, { client_name: 'Budget Suspended App' }));
    const clientId = await registerOverDcr(software);
    const token = await software.accessToken(clientId);

    await decide(admin, `/admin/clients/${clientId}`, 'Suspend client', 'Unusual traffic under investigation');
    const refused = await software.token(clientId);
    expect({ status: refused.status, body: refused.body }).toEqual({ status: 401, body: { error: 'invalid_client', error_description: 'client authentication failed' } });
    // Suspending revoked the live token too.
    expect((await software.manage('GET', clientId, token)).status).toBe(401);

    await decide(admin, `/admin/clients/${clientId}`, 'Reactivate client', 'Investigation closed');
    expect((await software.token(clientId)).status).toBe(200);
    await admin.context().close();
  });

  test('all clients can be found by software id, and the audit trail records the decisions', async ({ browser }) => {
    const admin = await openAdmin(browser);
    const software = new TppSoftware(await createSoftwareBundle(ORG_IDS.acme, { client_name: 'Acme Findable App' }));
    const clientId = await registerOverDcr(software);
    await admin.goto(`/admin/clients?softwareId=${software.bundle.software_id}`);
    await expect(admin.getByRole('link', { name: /Acme Findable App/ })).toHaveCount(1);
    await decide(admin, `/admin/clients/${clientId}`, 'Revoke client permanently', 'Software retired by the TPP');

    await admin.goto(`/admin/audit?q=${clientId}`);
    // Each event names the request that caused it: the portal gives every request an id.
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
    await expect(admin.getByRole('row').filter({ hasText: 'client.revoked' })).toContainText(uuid);
    await expect(admin.getByRole('row').filter({ hasText: 'client.registered' })).toContainText(uuid);
    await admin.getByRole('button', { name: 'Verify chain' }).click();
    await expect(admin.getByTestId('audit-verification')).toContainText('Chain intact');
    await admin.context().close();
  });
});
