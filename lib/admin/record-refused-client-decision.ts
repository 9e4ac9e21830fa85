import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { getDb } from '@/lib/db';
import { isStorableText } from '@/lib/db/is-storable-text';

/**
 * Audits an admin decision that was not taken (`client.decision_refused`): an invalid reason, a decision the
 * client's status does not allow, an unknown decision or client. One event each: only signed-in admins get here.
 * The decision and client id are what the admin's form said, so they are capped, and the id is the event's client
 * only when it names one.
 */
export async function recordRefusedClientDecision(admin: AdminActor, clientId: string, decision: string, description: string): Promise<void> {
  const client = isStorableText(clientId) ? await getDb().client.findFirst({ where: { clientId }, select: { organisationId: true, status: true } }) : null;
  await recordAuditEvent(getDb(), {
    actor: { type: 'admin', id: admin.id },
    action: 'client.decision_refused',
    clientId: client ? clientId : null,
    organisationId: client?.organisationId ?? null,
    details: {
      decision: decision.slice(0, 50),
      description,
      ...(client ? { status: client.status } : { requestedClientId: clientId.slice(0, 200) }),
    },
  });
}
