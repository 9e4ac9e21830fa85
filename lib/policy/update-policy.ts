import 'server-only';
import { anchorAuditHead } from '@/lib/audit/anchor-audit-head';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { getDb } from '@/lib/db';
import type { Policy } from '@/lib/generated/prisma/client';
import { getPolicy, POLICY_ID } from './get-policy';
import { policyCache } from './policy-cache';
import { policyInputSchema, type PolicyInput } from './policy-input-schema';

/** The outcome of a policy edit: the new policy, or the fields that were not acceptable. */
export type UpdatePolicyResult =
  | { status: 'updated'; policy: Policy }
  | { status: 'invalid'; fieldErrors: Partial<Record<keyof PolicyInput, string[]>> };

/**
 * Replaces the bank's registration policy with an admin's edit (validated again here, whatever the form
 * checked), audits `policy.updated` with the policy before and after, and refreshes this process's cache.
 */
export async function updatePolicy(admin: AdminActor, input: unknown): Promise<UpdatePolicyResult> {
  const parsed = policyInputSchema.safeParse(input);
  if (!parsed.success) return { status: 'invalid', fieldErrors: parsed.error.flatten().fieldErrors };
  await getPolicy(); // the row exists from here on
  const db = getDb();
  const policy = await db.$transaction(async (tx) => {
    // Touching the row first locks it and returns it as it stands, so concurrent edits queue and each
    // audit event's "before" is exactly what that edit replaced.
    const before = await tx.policy.update({ where: { id: POLICY_ID }, data: { updatedBy: admin.id } });
    const after = await tx.policy.update({ where: { id: POLICY_ID }, data: parsed.data });
    await recordAuditEvent(tx, {
      actor: { type: 'admin', id: admin.id },
      action: 'policy.updated',
      details: { before: toAuditedPolicy(before), after: toAuditedPolicy(after) },
    });
    return after;
  });
  policyCache.write(db, policy, Date.now());
  // The edit has committed: anchor it outside the database.
  await anchorAuditHead();
  return { status: 'updated', policy };
}

type AuditedPolicy = Pick<Policy, keyof PolicyInput>;

function toAuditedPolicy(policy: Policy): AuditedPolicy {
  const { mcrSandboxStatus, mcrProductionStatus, dcrSandboxStatus, dcrProductionStatus, maxSsaAgeSeconds, tokenEndpointAuthMethods, revokedSoftwareRegistrations } = policy;
  const { maxRegistrationJwtLifetimeSeconds, maxClientAssertionLifetimeSeconds } = policy;
  return {
    mcrSandboxStatus,
    mcrProductionStatus,
    dcrSandboxStatus,
    dcrProductionStatus,
    maxSsaAgeSeconds,
    maxRegistrationJwtLifetimeSeconds,
    maxClientAssertionLifetimeSeconds,
    tokenEndpointAuthMethods,
    revokedSoftwareRegistrations,
  };
}
