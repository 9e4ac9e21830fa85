/** The sandbox directory's test accounts, as its Sandbox page lists them. */
export const SANDBOX_ACCOUNTS = {
  acme: { email: 'alice@acme-payments.example', password: 'sandbox-alice', orgName: 'Acme Payments Ltd', storageState: '.data/e2e-auth/acme.json' },
  budgetBuddy: { email: 'bob@budget-buddy.example', password: 'sandbox-bob', orgName: 'Budget Buddy Ltd', storageState: '.data/e2e-auth/budget-buddy.json' },
  nonTpp: { email: 'carol@example.com', password: 'sandbox-carol' },
  bankAdmin: { email: 'ada@onboard-bank.example', password: 'sandbox-ada', name: 'Ada Admin', storageState: '.data/e2e-auth/bank-admin.json' },
  bankStaff: { email: 'sam@onboard-bank.example', password: 'sandbox-sam' },
} as const;
