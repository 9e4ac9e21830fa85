import 'server-only';
import { decisionReasonSchema } from '@/lib/admin/decision-reason-schema';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { getDb } from '@/lib/db';

/** What a revocation names: a software, or an organisation (an admin's option when revoking a client). */
export const REVOCATION_KINDS = ['software', 'organisation'] as const;
export type RevocationKind = (typeof REVOCATION_KINDS)[number];

/** The outcome of lifting a revocation. */
export type LiftRevocationResult =
  | { status: 'lifted' }
  | { status: 'invalid'; fieldErrors: { reason: string[] } }
  /** No such revocation, or it was lifted already (by another admin, perhaps). */
  | { status: 'not_found' };

/**
 * Lifts a standing revocation with the admin's reason: from now on, registrations of that software (or of that
 * organisation's software) are checked as any other. Audited as `software.revocation_lifted` or
 * `organisation.revocation_lifted`. Clients refused or held meanwhile stay as they are.
 */
export async function liftRevocation(admin: AdminActor, kind: RevocationKind, revocationId: string, reason: string): Promise<LiftRevocationResult> {
  const parsed = decisionReasonSchema.safeParse(reason);
  if (!parsed.success) return { status: 'invalid', fieldErrors: { reason: parsed.error.issues.map((issue) => issue.message) } };
  const liftReason = parsed.data;
  const lifted = { liftedAt: new Date(), liftedBy: admin.id, liftReason };
  return getDb().$transaction(async (tx) => {
    if (kind === 'software') {
      const revocation = await tx.softwareRevocation.findFirst({ where: { id: revocationId, liftedAt: null } });
      if (revocation === null) return { status: 'not_found' } as const;
      // Every standing row of the software, should two admins have revoked it at once.
      const { count } = await tx.softwareRevocation.updateMany({ where: { softwareId: revocation.softwareId, environment: revocation.environment, liftedAt: null }, data: lifted });
      if (count === 0) return { status: 'not_found' } as const;
      await recordAuditEvent(tx, {
        actor: { type: 'admin', id: admin.id },
        action: 'software.revocation_lifted',
        organisationId: revocation.organisationId,
        details: { revocationId, softwareId: revocation.softwareId, environment: revocation.environment, reason: liftReason },
      });
      return { status: 'lifted' } as const;
    }
    const revocation = await tx.organisationRevocation.findFirst({ where: { id: revocationId, liftedAt: null } });
    if (revocation === null) return { status: 'not_found' } as const;
    const { count } = await tx.organisationRevocation.updateMany({ where: { organisationId: revocation.organisationId, liftedAt: null }, data: lifted });
    if (count === 0) return { status: 'not_found' } as const;
    await recordAuditEvent(tx, {
      actor: { type: 'admin', id: admin.id },
      action: 'organisation.revocation_lifted',
      organisationId: revocation.organisationId,
      details: { revocationId, reason: liftReason },
    });
    return { status: 'lifted' } as const;
  });
}
