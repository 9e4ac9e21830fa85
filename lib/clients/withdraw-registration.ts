import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { AuthorizationServerProvisioning } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { getDb } from '@/lib/db';

/** Why a withdrawn registration is deleted, as the TPP and the admins read it. */
export const REGISTRATION_WITHDRAWN_REASON = 'the authorization server could not take the registration in time, so it was withdrawn';

/**
 * Withdraws a registration the authorization server could not take: the caller was told it failed, so the client
 * must not live on at Onboard nor at the server. The row is kept, deleted and revoked, so that its audit trail
 * resolves; the change is recorded for the server too, which removes whatever it may have created once it answers.
 */
export async function withdrawRegistration(provisioning: AuthorizationServerProvisioning, clientId: string): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const { count } = await tx.client.updateMany({
      where: { clientId, deletedAt: null },
      data: { deletedAt: new Date(), status: 'revoked', secretHash: null, statusReason: REGISTRATION_WITHDRAWN_REASON },
    });
    if (count === 0) return;
    const client = await tx.client.findUniqueOrThrow({ where: { clientId }, select: { organisationId: true } });
    await provisioning.recordClientChange(tx, clientId);
    await recordAuditEvent(tx, {
      actor: { type: 'system' },
      action: 'client.registration_withdrawn',
      clientId,
      organisationId: client.organisationId,
      details: { reason: REGISTRATION_WITHDRAWN_REASON },
    });
  });
}
