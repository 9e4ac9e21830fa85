import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { getDb } from '@/lib/db';
import { generateClientSecret } from './generate-client-secret';

/** The outcome of a rotation: the new secret (show it once), or why there is none. */
export type RotateClientSecretResult = { status: 'rotated'; secret: string; tail: string } | { status: 'not_found' } | { status: 'no_secret' };

/** Replaces a `client_secret_basic` client's secret; the old one stops working at once. Scoped to the actor's organisation. */
export async function rotateClientSecret(actor: TppActor, clientId: string): Promise<RotateClientSecretResult> {
  const generated = generateClientSecret();
  return getDb().$transaction(async (tx) => {
    const client = await tx.client.findFirst({
      where: { clientId, organisationId: actor.organisation.id, deletedAt: null },
      select: { id: true, tokenEndpointAuthMethod: true },
    });
    if (!client) return { status: 'not_found' };
    if (client.tokenEndpointAuthMethod !== 'client_secret_basic') return { status: 'no_secret' };
    await tx.client.update({ where: { id: client.id }, data: { secretHash: generated.hash, secretTail: generated.tail } });
    await recordAuditEvent(tx, {
      actor: { type: 'tpp_user', id: actor.id },
      action: 'client.secret_rotated',
      clientId,
      organisationId: actor.organisation.id,
    });
    return { status: 'rotated', secret: generated.secret, tail: generated.tail };
  });
}
