import { test as base, expect, type Page } from '@playwright/test';
import { E2E } from './e2e-environment';
import { SANDBOX_ACCOUNTS } from './sandbox-accounts';

/** Software the sandbox directory created for a test: its id and SSA. */
export type SandboxSoftware = { softwareId: string; ssa: string };

type Fixtures = {
  /** A page signed in as Acme Payments' user (AISP, PISP). */
  acmePage: Page;
  /** A page signed in as Budget Buddy's user (AISP, CBPII). */
  budgetBuddyPage: Page;
  /** Creates fresh software in the sandbox directory for an organisation (by directory org id). */
  createSoftware: (orgId: string, body?: Record<string, unknown>) => Promise<SandboxSoftware>;
};

/** Directory organisation ids of the sandbox TPPs. */
export const ORG_IDS = { acme: '0015800001ACMEPAYS', budgetBuddy: '0015800001BUDGETBD' } as const;

export const test = base.extend<Fixtures>({
  acmePage: async ({ browser }, use) => {
    const context = await browser.newContext({ storageState: SANDBOX_ACCOUNTS.acme.storageState });
    await use(await context.newPage());
    await context.close();
  },
  budgetBuddyPage: async ({ browser }, use) => {
    const context = await browser.newContext({ storageState: SANDBOX_ACCOUNTS.budgetBuddy.storageState });
    await use(await context.newPage());
    await context.close();
  },
  createSoftware: async ({ request }, use) => {
    await use(async (orgId, body = {}) => {
      const response = await request.post(`${E2E.sandboxDirectoryUrl}/api/organisations/${orgId}/software`, { data: body });
      expect(response.status()).toBe(201);
      const bundle = (await response.json()) as { software_id: string; ssa: string };
      return { softwareId: bundle.software_id, ssa: bundle.ssa };
    });
  },
});

export { expect };
