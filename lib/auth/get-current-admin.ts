import 'server-only';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { getDb } from '@/lib/db';
import type { AdminActor } from './admin-actor';
import { buildAuthOptions } from './options';

/**
 * The signed-in bank admin of this request, or null; memoised per request. The session says who signed in;
 * the Admin row says whether they are still an admin (a later sign-in without the admin role revokes it), and
 * next-auth's jwt callback whether the session is still live (PortalSession: sign-out, the 1-hour end).
 */
export const getCurrentAdmin = cache(async (): Promise<AdminActor | null> => {
  const session = await getServerSession(buildAuthOptions());
  if (session?.user?.kind !== 'admin') return null;
  const admin = await getDb().admin.findUnique({ where: { id: session.user.id }, select: { id: true, name: true, email: true, isAdmin: true } });
  return admin?.isAdmin ? { id: admin.id, name: admin.name, email: admin.email } : null;
});
