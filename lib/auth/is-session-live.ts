import 'server-only';
import { getDb } from '@/lib/db';

/**
 * Whether the session a cookie names is still live: its PortalSession row exists (nothing ended it) and its end
 * is ahead. A cookie without a session id (issued before sessions were kept) names none.
 */
export async function isSessionLive(sessionId: string | undefined, now = new Date()): Promise<boolean> {
  if (!sessionId) return false;
  const session = await getDb().portalSession.findUnique({ where: { id: sessionId }, select: { expiresAt: true } });
  return session !== null && session.expiresAt > now;
}
