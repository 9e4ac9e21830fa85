import 'server-only';
import { recordAuditRefusal } from '@/lib/audit/record-audit-refusal';
import { getDb } from '@/lib/db';
import { isStorableText } from '@/lib/db/is-storable-text';

/** What a TPP user tried on a client of theirs that turned out not to be: the portal's client operations. */
export type ClientOperation = 'read' | 'delete' | 'rotate_secret' | 'update_redirect_uris' | 'check_transport_certificate' | 'update_transport_certificate';

/** The TPP user who tried, and the organisation they act for (from their session, never from the request). */
export type ClientAccessActor = { id: string; organisationId: string };

/**
 * After a client id answered not found to a TPP user, audits the attempt as `client.access_refused` when the id is
 * another organisation's live client (the TPP still learns nothing: the answer is the same). Counted per target, user
 * and operation, the first at once (lib/audit/record-audit-refusal.ts). An id that names no client is not recorded.
 */
export async function recordClientAccessRefusal(actor: ClientAccessActor, clientId: string, operation: ClientOperation): Promise<void> {
  if (!isStorableText(clientId)) return;
  const target = await getDb().client.findFirst({ where: { clientId, deletedAt: null }, select: { organisationId: true } });
  if (target === null || target.organisationId === actor.organisationId) return;
  await recordAuditRefusal(getDb(), {
    actor: { type: 'tpp_user', id: actor.id },
    action: 'client.access_refused',
    clientId,
    organisationId: target.organisationId,
    key: [clientId, actor.id, operation],
    details: { operation, actorOrganisationId: actor.organisationId, reason: 'the client belongs to another organisation' },
  });
}
