import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { endSessions } from '@/lib/auth/end-sessions';
import type { Prisma } from '@/lib/generated/prisma/client';

/**
 * Revokes a TPP organisation for new registrations of any of its software, in the caller's transaction; audited as
 * `organisation.revoked`. Its existing clients keep their status (each is decided on by itself); its users' portal
 * sessions end in the same transaction (issue 15: the bank's decision against an organisation ends its sessions).
 * Already revoked: nothing changes, and false.
 */
export async function revokeOrganisation(
  tx: Prisma.TransactionClient,
  admin: AdminActor,
  organisationId: string,
  reason: string,
  options: { clientId?: string; at?: Date } = {},
): Promise<boolean> {
  const standing = await tx.organisationRevocation.findFirst({ where: { organisationId, liftedAt: null }, select: { id: true } });
  if (standing !== null) return false;
  const revocation = await tx.organisationRevocation.create({
    data: { organisationId, reason, revokedBy: admin.id, clientId: options.clientId ?? null, ...(options.at ? { revokedAt: options.at } : {}) },
  });
  const sessionsEnded = await endSessions(tx, { organisationId });
  await recordAuditEvent(tx, {
    actor: { type: 'admin', id: admin.id },
    action: 'organisation.revoked',
    clientId: options.clientId ?? null,
    organisationId,
    details: { revocationId: revocation.id, reason, sessionsEnded },
  });
  return true;
}
