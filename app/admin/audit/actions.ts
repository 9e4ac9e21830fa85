'use server';

import { revalidatePath } from 'next/cache';
import { describeAuditVerification } from '@/lib/audit/describe-audit-verification';
import { runAuditVerification } from '@/lib/audit/run-audit-verification';
import { requireAdmin } from '@/lib/auth/require-admin';

/** State of the verify-chain form: the outcome, announced in an aria-live region. */
export type VerifyChainState = { status: 'idle' } | { status: 'intact' | 'broken'; message: string };

/** Verifies the audit hash chain and reports the first broken link; the verification is itself audited. */
export async function verifyChainAction(_previous: VerifyChainState): Promise<VerifyChainState> {
  const admin = await requireAdmin('/admin/audit');
  const result = await runAuditVerification(admin);
  // The `audit.verified` event just appended belongs in the list.
  revalidatePath('/admin/audit');
  return { status: result.status, message: describeAuditVerification(result) };
}
