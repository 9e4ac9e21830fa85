import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { TppActor } from '@/lib/auth/tpp-actor';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { getAuthorizationServerProvisioning } from '@/lib/authorization-server/provisioning/get-authorization-server-provisioning';
import { requireClientChangeConfirmed } from '@/lib/authorization-server/provisioning/require-client-change-confirmed';
import { getDb } from '@/lib/db';
import { generateClientSecret } from './generate-client-secret';
import { recordClientAccessRefusal } from './record-client-access-refusal';

/** The outcome of a rotation: the new secret (show it once), or why there is none. */
export type RotateClientSecretResult = { status: 'rotated'; secret: string; tail: string } | { status: 'not_found' } | { status: 'no_secret' };

/**
 * Replaces a `client_secret_basic` client's secret; the old one stops working at once (the embedded authorization
 * server holds the secret's hash, replaced in the same transaction). Scoped to the actor's organisation. If the
 * authorization server cannot take the new secret, the old one is restored and `AuthorizationServerUnavailableError`
 * thrown: a secret the TPP never saw must not be the only one that works.
 */
export async function rotateClientSecret(actor: TppActor, clientId: string, options: ProvisioningOptions = {}): Promise<RotateClientSecretResult> {
  const generated = generateClientSecret();
  const provisioning = options.provisioning ?? getAuthorizationServerProvisioning();
  const rotation = await getDb().$transaction(async (tx) => {
    const client = await tx.client.findFirst({
      where: { clientId, organisationId: actor.organisation.id, deletedAt: null },
      select: { id: true, tokenEndpointAuthMethod: true, secretHash: true, secretTail: true },
    });
    if (!client) return { status: 'not_found' } as const;
    if (client.tokenEndpointAuthMethod !== 'client_secret_basic') return { status: 'no_secret' } as const;
    await tx.client.update({ where: { id: client.id }, data: { secretHash: generated.hash, secretTail: generated.tail } });
    const ticket = await provisioning.recordClientChange(tx, clientId);
    await recordAuditEvent(tx, {
      actor: { type: 'tpp_user', id: actor.id },
      action: 'client.secret_rotated',
      clientId,
      organisationId: actor.organisation.id,
    });
    return { status: 'rotated', ticket, previous: { id: client.id, secretHash: client.secretHash, secretTail: client.secretTail } } as const;
  });
  if (rotation.status === 'not_found') await recordClientAccessRefusal({ id: actor.id, organisationId: actor.organisation.id }, clientId, 'rotate_secret');
  if (rotation.status !== 'rotated') return rotation;
  await requireClientChangeConfirmed(provisioning, rotation.ticket, {
    undo: () =>
      getDb().$transaction(async (tx) => {
        const { previous } = rotation;
        const { count } = await tx.client.updateMany({ where: { id: previous.id, secretHash: generated.hash }, data: { secretHash: previous.secretHash, secretTail: previous.secretTail } });
        if (count > 0) await provisioning.recordClientChange(tx, clientId);
      }),
    consequence: 'the secret was not rotated: the current one still works',
  });
  return { status: 'rotated', secret: generated.secret, tail: generated.tail };
}
