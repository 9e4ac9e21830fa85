import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';

/** Who deletes a client: a TPP user through the portal, or the client itself over DCR. */
export type ClientDeletionActor = { type: 'tpp_user' | 'client'; id: string };

/**
 * Deletes a live client of an organisation and revokes every token issued to it (OB-RULES management:
 * DELETE revokes the client's tokens). The row is kept, marked deleted, so the audit trail still resolves.
 * Returns false when the organisation has no such live client.
 */
export async function deleteClient(actor: ClientDeletionActor, organisationId: string, clientId: string): Promise<boolean> {
  return getDb().$transaction(async (db) => {
    const now = new Date();
    const deleted = await db.client.updateMany({
      where: { clientId, organisationId, deletedAt: null },
      data: { deletedAt: now, status: 'revoked', secretHash: null },
    });
    if (deleted.count === 0) return false;
    const client = await db.client.findUniqueOrThrow({ where: { clientId }, select: { id: true } });
    const tokens = await db.accessToken.updateMany({ where: { clientId: client.id, revokedAt: null }, data: { revokedAt: now } });
    await recordAuditEvent(db, {
      actor,
      action: 'client.deleted',
      clientId,
      organisationId,
      details: { tokensRevoked: tokens.count },
    });
    return true;
  });
}
