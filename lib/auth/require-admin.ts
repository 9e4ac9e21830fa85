import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import type { AdminActor } from './admin-actor';
import { authorizeAdminSession } from './authorize-admin-session';
import { buildAuthOptions } from './options';

/**
 * The signed-in bank admin, or a redirect to admin sign-in: every admin page, action and route starts
 * here. TPP users and bank staff without the admin role never get past it, and are audited trying.
 */
export async function requireAdmin(callbackPath = '/admin'): Promise<AdminActor> {
  const session = await getServerSession(buildAuthOptions());
  const admin = await authorizeAdminSession(session?.user, callbackPath);
  if (!admin) redirect(`/admin/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return admin;
}
