import 'server-only';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';

/** Which sessions to end: one, every one of a TPP user, of an organisation's users, or of an admin. */
export type SessionSelector = { sessionId: string } | { tppUserId: string } | { organisationId: string } | { adminId: string };

/**
 * Ends portal sessions server-side, inside the caller's transaction when given one: their cookies stop working at
 * the next request (page, server action or route handler), whatever copy the browser keeps. Returns how many ended.
 * Sign-out ends one; an organisation's suspension ends its users'; the directory's back-channel logout a user's.
 */
export async function endSessions(db: Prisma.TransactionClient | PrismaClient, selector: SessionSelector): Promise<number> {
  const where = 'sessionId' in selector ? { id: selector.sessionId } : selector;
  const { count } = await db.portalSession.deleteMany({ where });
  return count;
}
