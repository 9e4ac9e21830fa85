import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { getAuthorizationServerProvisioning } from '@/lib/authorization-server/provisioning/get-authorization-server-provisioning';
import { requireClientChangeConfirmed } from '@/lib/authorization-server/provisioning/require-client-change-confirmed';
import { getDb } from '@/lib/db';
import { recordClientAccessRefusal } from './record-client-access-refusal';

/** Who deletes a client: a TPP user through the portal, or the client itself over DCR. */
export type ClientDeletionActor = { type: 'tpp_user' | 'client'; id: string };

/**
 * Deletes a live client of an organisation and revokes every token issued to it (OB-RULES management:
 * DELETE revokes the client's tokens). The row is kept, marked deleted, so the audit trail still resolves.
 * The authorization server drops the client and its tokens in the same transaction (embedded) or before this
 * returns (remote); if the remote server cannot be reached, the deletion stands (access is never kept for
 * want of an answer), `AuthorizationServerUnavailableError` is thrown, and the outbox deletes it there once it
 * answers. Returns false when the organisation has no such live client (audited when it is another organisation's).
 */
export async function deleteClient(actor: ClientDeletionActor, organisationId: string, clientId: string, options: ProvisioningOptions = {}): Promise<boolean> {
  const provisioning = options.provisioning ?? getAuthorizationServerProvisioning();
  const ticket = await getDb().$transaction(async (db) => {
    const now = new Date();
    const deleted = await db.client.updateMany({
      where: { clientId, organisationId, deletedAt: null },
      data: { deletedAt: now, status: 'revoked', secretHash: null },
    });
    if (deleted.count === 0) return null;
    const recorded = await provisioning.recordClientChange(db, clientId);
    const tokensRevoked = recorded.kind === 'done' ? recorded.tokensDeleted : 0;
    await recordAuditEvent(db, {
      actor,
      action: 'client.deleted',
      clientId,
      organisationId,
      details: { tokensRevoked },
    });
    return recorded;
  });
  if (ticket === null) {
    // Over DCR the client was authorized first (authorize-registration-access.ts); from the portal, it may be another organisation's.
    if (actor.type === 'tpp_user') await recordClientAccessRefusal({ id: actor.id, organisationId }, clientId, 'delete');
    return false;
  }
  await requireClientChangeConfirmed(provisioning, ticket, {
    consequence: 'the client is deleted at Onboard, and the authorization server will drop it as soon as it answers',
  });
  return true;
}
