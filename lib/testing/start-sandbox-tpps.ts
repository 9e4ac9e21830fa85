import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestDirectory, type TestDirectory } from '@/directory/testing/start-test-directory';
import { recordSignIn } from '@/lib/auth/record-sign-in';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { loadCaBundle } from '@/lib/certificates/load-ca-bundle';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { createDirectoryValidationContext } from './create-directory-validation-context';

/** The two sandbox TPP organisations the portal-side tests sign in for. */
export const ACME = { directoryOrgId: '0015800001ACMEPAYS', name: 'Acme Payments Ltd', roles: ['AISP', 'PISP'] };
export const BUDGET = { directoryOrgId: '0015800001BUDGETBD', name: 'Budget Buddy Ltd', roles: ['AISP', 'CBPII'] };

/** A running sandbox directory, a validation context trusting it, and a signed-in user of each organisation. */
export type SandboxTpps = { directory: TestDirectory; context: ValidationContext; acme: TppActor; budget: TppActor };

/** The CA bundle the directory writes, as `DIRECTORY_CA_BUNDLE` points at it: its software certificates chain to it. */
export async function readDirectoryCaBundle(directory: TestDirectory): Promise<string[]> {
  return loadCaBundle(await readFile(path.join(directory.dataDir, 'directory', 'ca-bundle.pem'), 'utf8'));
}

/**
 * Starts a sandbox directory and signs alice in for Acme and bob for Budget Buddy (the database must be open: call
 * `useTestDatabase` first). The context trusts the directory's keys and CA bundle. Dispose of `directory` after.
 */
export async function startSandboxTpps(): Promise<SandboxTpps> {
  const directory = await startTestDirectory();
  const context = createDirectoryValidationContext(directory.url, await readDirectoryCaBundle(directory));
  const signIn = async (subject: string, organisation: typeof ACME): Promise<TppActor> => {
    const identity = await recordSignIn(directory.url, { subject, email: null, name: null, organisation });
    return { id: identity.userId, organisation: identity.organisation };
  };
  return { directory, context, acme: await signIn('alice', ACME), budget: await signIn('bob', BUDGET) };
}
