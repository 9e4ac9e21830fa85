import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { endSessions } from './end-sessions';

/** What sign-out knows of the session it ends: the session JWT's own fields. */
export type SignedOutSession = { sessionId?: string; kind: 'tpp' | 'admin'; userId: string; organisation?: { id: string } };

/**
 * Ends the signed-out session server-side (a kept copy of its cookie opens nothing afterwards) and audits the
 * sign-out, as sign-in is audited. A session that had already ended is not audited again.
 */
export async function recordSignOut(session: SignedOutSession): Promise<void> {
  const { sessionId } = session;
  if (!sessionId) return;
  await getDb().$transaction(async (tx) => {
    if ((await endSessions(tx, { sessionId })) === 0) return;
    await recordAuditEvent(
      tx,
      session.kind === 'admin'
        ? { actor: { type: 'admin', id: session.userId }, action: 'admin.signed_out' }
        : { actor: { type: 'tpp_user', id: session.userId }, action: 'tpp_user.signed_out', organisationId: session.organisation?.id ?? null },
    );
  });
}
