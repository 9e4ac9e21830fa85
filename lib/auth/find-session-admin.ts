import 'server-only';
import type { Session } from 'next-auth';
import { getDb } from '@/lib/db';
import type { AdminActor } from './admin-actor';

/**
 * The bank admin a session's user is, or null. The session says who signed in; the Admin row says whether they are
 * still an admin (a later sign-in without the admin role revokes it).
 */
export async function findSessionAdmin(user: Session['user'] | undefined): Promise<AdminActor | null> {
  if (user?.kind !== 'admin') return null;
  const admin = await getDb().admin.findUnique({ where: { id: user.id }, select: { id: true, name: true, email: true, isAdmin: true } });
  return admin?.isAdmin ? { id: admin.id, name: admin.name, email: admin.email } : null;
}
