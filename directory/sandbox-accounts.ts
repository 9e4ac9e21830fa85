/** Directory roles an organisation can hold (OB Directory "roles"; ASPSP is the bank's own). */
export const DIRECTORY_ROLES = ['AISP', 'PISP', 'CBPII', 'ASPSP'] as const;

/** One of the directory roles. */
export type DirectoryRole = (typeof DIRECTORY_ROLES)[number];

/** A fixed sandbox organisation, seeded into the directory's state on first start. */
export type SandboxOrganisationSeed = {
  id: string;
  name: string;
  roles: DirectoryRole[];
  /** FCA register reference, carried in the SSA's `organisation_competent_authority_claims`. */
  registrationId: string;
};

/** A fixed sandbox user; the passwords are sandbox credentials that the portal shows on its Sandbox page. */
export type SandboxUserSeed = {
  email: string;
  password: string;
  name: string;
  /** Absent for a user who belongs to no TPP (`tpp_associated: false`). */
  orgId?: string;
  /** Workforce groups, for the bank's own staff: the sandbox directory also plays the bank's workforce IdP. */
  groups?: string[];
};

/** The workforce group whose members are Onboard admins (the portal's `BANK_IDP_ADMIN_GROUP` default). */
export const SANDBOX_ADMIN_GROUP = 'onboard-admins';

/** The name the bank's own organisation carries in the sandbox directory. */
export const SANDBOX_BANK_ORG_NAME = 'Onboard Sandbox Bank';

/** The sandbox TPP organisations (18-character OB-style ids). */
export const SANDBOX_TPP_ORGANISATIONS: readonly SandboxOrganisationSeed[] = [
  { id: '0015800001ACMEPAYS', name: 'Acme Payments Ltd', roles: ['AISP', 'PISP'], registrationId: '900001' },
  { id: '0015800001BUDGETBD', name: 'Budget Buddy Ltd', roles: ['AISP', 'CBPII'], registrationId: '900002' },
];

/** The sandbox users: one per TPP organisation, one who belongs to no TPP, and the bank's admin and staff. */
export const SANDBOX_USERS: readonly SandboxUserSeed[] = [
  { email: 'alice@acme-payments.example', password: 'sandbox-alice', name: 'Alice Adams', orgId: '0015800001ACMEPAYS' },
  { email: 'bob@budget-buddy.example', password: 'sandbox-bob', name: 'Bob Brown', orgId: '0015800001BUDGETBD' },
  { email: 'carol@example.com', password: 'sandbox-carol', name: 'Carol Clark' },
  { email: 'ada@onboard-bank.example', password: 'sandbox-ada', name: 'Ada Admin', groups: [SANDBOX_ADMIN_GROUP, 'bank-staff'] },
  { email: 'sam@onboard-bank.example', password: 'sandbox-sam', name: 'Sam Staff', groups: ['bank-staff'] },
];

/** The bank's own organisation (role ASPSP), under the id the deployment configures. */
export function sandboxBankOrganisation(bankOrgId: string): SandboxOrganisationSeed {
  return { id: bankOrgId, name: SANDBOX_BANK_ORG_NAME, roles: ['ASPSP'], registrationId: '900000' };
}
