import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { AdminActor } from '@/lib/auth/admin-actor';
import type { Prisma } from '@/lib/generated/prisma/client';

/** The software a revocation names: the SSA's software in one environment, and its organisation (Organisation.id). */
export type RevokedSoftware = { softwareId: string; environment: string; organisationId: string };

/**
 * Revokes a software in an environment for new registrations, in the caller's transaction (that of the client
 * revocation that came with it); audited as `software.revoked`. Already revoked: nothing changes, and false.
 */
export async function revokeSoftware(
  tx: Prisma.TransactionClient,
  admin: AdminActor,
  software: RevokedSoftware,
  reason: string,
  options: { clientId?: string; at?: Date } = {},
): Promise<boolean> {
  const standing = await tx.softwareRevocation.findFirst({ where: { softwareId: software.softwareId, environment: software.environment, liftedAt: null }, select: { id: true } });
  if (standing !== null) return false;
  const revocation = await tx.softwareRevocation.create({
    data: { softwareId: software.softwareId, environment: software.environment, organisationId: software.organisationId, reason, revokedBy: admin.id, clientId: options.clientId ?? null, ...(options.at ? { revokedAt: options.at } : {}) },
  });
  await recordAuditEvent(tx, {
    actor: { type: 'admin', id: admin.id },
    action: 'software.revoked',
    clientId: options.clientId ?? null,
    organisationId: software.organisationId,
    details: { revocationId: revocation.id, softwareId: software.softwareId, environment: software.environment, reason },
  });
  return true;
}
