import 'server-only';
import { randomBytes } from 'node:crypto';
import { getDb } from '@/lib/db';
import { SESSION_MAX_AGE_SECONDS } from './session-lifetime';

/** Whose session begins: a TPP user acting for an organisation, or a bank admin. */
export type SessionSubject = { kind: 'tpp'; tppUserId: string; organisationId: string } | { kind: 'admin'; adminId: string };

/**
 * Begins a portal session at sign-in: a PortalSession row whose random id the session JWT carries, ending at the
 * kind's maximum age. Sessions already past their end are swept on the way, so the table holds live ones only.
 */
export async function startSession(subject: SessionSubject, now = new Date()): Promise<{ id: string; expiresAt: Date }> {
  const id = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS[subject.kind] * 1000);
  const db = getDb();
  await db.portalSession.deleteMany({ where: { expiresAt: { lte: now } } });
  await db.portalSession.create({
    data:
      subject.kind === 'tpp'
        ? { id, kind: 'tpp', tppUserId: subject.tppUserId, organisationId: subject.organisationId, expiresAt }
        : { id, kind: 'admin', adminId: subject.adminId, expiresAt },
  });
  return { id, expiresAt };
}
