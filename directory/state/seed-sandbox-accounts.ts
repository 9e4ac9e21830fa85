import { randomUUID } from 'node:crypto';

import { SANDBOX_TPP_ORGANISATIONS, SANDBOX_USERS, sandboxBankOrganisation } from '../sandbox-accounts';
import type { DirectoryState } from './directory-state';

/**
 * Adds the sandbox organisations (with the bank's, under `bankOrgId`) and users that the state lacks.
 * Returns whether anything was added; existing records, and so users' subjects, are never replaced.
 */
export function seedSandboxAccounts(state: DirectoryState, bankOrgId: string): boolean {
  let isChanged = false;
  for (const seed of [...SANDBOX_TPP_ORGANISATIONS, sandboxBankOrganisation(bankOrgId)]) {
    if (!state.organisations.some((organisation) => organisation.id === seed.id)) {
      state.organisations.push({ ...seed, roles: [...seed.roles], status: 'Active' });
      isChanged = true;
    }
  }
  for (const seed of SANDBOX_USERS) {
    if (!state.users.some((user) => user.email === seed.email)) {
      state.users.push({ sub: randomUUID(), ...seed });
      isChanged = true;
    }
  }
  return isChanged;
}
