import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { endSessions } from './end-sessions';

/**
 * Ends every portal session of the directory user `subject` of `issuer` (the directory's back-channel logout: the
 * user left their organisation, or their directory session ended), and audits it. Returns how many ended; an
 * unknown subject (never signed in here) ends none.
 */
export async function endDirectoryUserSessions(issuer: string, subject: string): Promise<number> {
  return getDb().$transaction(async (tx) => {
    const user = await tx.tppUser.findUnique({
      where: { directoryIssuer_directorySubject: { directoryIssuer: issuer, directorySubject: subject } },
      select: { id: true, organisationId: true },
    });
    if (!user) return 0;
    const ended = await endSessions(tx, { tppUserId: user.id });
    if (ended > 0) {
      await recordAuditEvent(tx, {
        actor: { type: 'system' },
        action: 'tpp_user.sessions_ended',
        organisationId: user.organisationId,
        details: { tppUserId: user.id, reason: 'directory_backchannel_logout', sessions: ended },
      });
    }
    return ended;
  });
}
